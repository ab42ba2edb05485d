// A key of workspace B cannot see or change anything of workspace A.
import type { SalesTouchClient } from "@salestouch/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let a: SalesTouchClient;
let b: SalesTouchClient;
let missionId: string;
let offerId: string;

describe.each(DIALECTS)("on %s", (dialect) => {
  beforeAll(async () => {
    server = await startTestServer({ dialect });
    a = (await server.clientFor("workspace-a")).client;
    b = (await server.clientFor("workspace-b")).client;
    const offer = await a.run("offer.create", { name: "A's offer", one_liner: "One", value_proposition: "Value" });
    if (offer.status !== 200) throw new Error(JSON.stringify(offer));
    offerId = offer.data.offer.id;
    const mission = await a.run("mission.create", { name: "A's mission", offer_id: offerId });
    if (mission.status !== 200) throw new Error(JSON.stringify(mission));
    missionId = mission.data.mission.id;
  });
  afterAll(async () => {
    await server.stop();
  });

  describe("workspace isolation", () => {
    it("hides A's mission and offer from B's reads", async () => {
      expect((await b.run("mission.get", { mission_id: missionId })).error?.code).toBe("not_found");
      expect((await b.run("offer.get", { offer_id: offerId })).error?.code).toBe("not_found");
      const missions = await b.run("mission.list", {});
      const offers = await b.run("offer.list", {});
      expect(missions.status === 200 && missions.data.missions).toEqual([]);
      expect(offers.status === 200 && offers.data.offers).toEqual([]);
    });

    it("refuses B's changes to A's mission and offer and leaves them intact", async () => {
      expect((await b.run("mission.update", { mission_id: missionId, name: "hijacked" })).error?.code).toBe("not_found");
      expect((await b.run("mission.archive", { mission_id: missionId })).error?.code).toBe("not_found");
      expect((await b.run("offer.update", { offer_id: offerId, name: "hijacked" })).error?.code).toBe("not_found");
      const mission = await a.run("mission.get", { mission_id: missionId });
      const offer = await a.run("offer.get", { offer_id: offerId });
      expect(mission.status === 200 && mission.data.mission).toMatchObject({ name: "A's mission", status: "active" });
      expect(offer.status === 200 && offer.data.offer.name).toBe("A's offer");
    });

    it("does not let B link A's offer to its own mission", async () => {
      const result = await b.run("mission.create", { name: "B's mission", offer_id: offerId });
      expect(result.error?.code).toBe("not_found");
      expect(result.error?.hint).toContain("offer.list");
    });
  });
});

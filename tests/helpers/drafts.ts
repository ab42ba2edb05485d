// Setup shared by the approval, draft and idempotency suites: a mission with one lead in it and a
// draft for that lead, made through any surface's runner.
import type { Envelope } from "@salestouch/contracts";
import type { RunCommand } from "./examples.js";

export interface DraftSetup {
  missionId: string;
  leadId: string;
  draftId: string;
}

export const NOTE_A = "Hi Ada, finance teams like yours close the books in half the time with us. Open to connecting?";
export const NOTE_B = "Ada, congrats on the CFO role at Analytical Engines; I work with finance leaders on month-end close.";

/** The data of a successful envelope; anything else fails the test with the error. */
export function dataOf<T = Record<string, unknown>>(envelope: Envelope): T {
  if (!envelope.ok) throw new Error(`expected success, got ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.data as T;
}

export async function missionWithLead(run: RunCommand, name = "Ada Lovelace"): Promise<{ missionId: string; leadId: string }> {
  const mission = dataOf<{ mission: { id: string } }>(await run("mission.create", { name: "Finance leaders outreach" }));
  const slug = name.toLowerCase().replace(/\s+/g, "-");
  const lead = dataOf<{ lead_id: string }>(
    await run("lead.upsert", {
      name,
      linkedin_url: `https://www.linkedin.com/in/${slug}`,
      company: "Analytical Engines",
      job_title: "CFO",
      mission_id: mission.mission.id,
    }),
  );
  return { missionId: mission.mission.id, leadId: lead.lead_id };
}

export async function draftSetup(run: RunCommand, variations: string[] = [NOTE_A, NOTE_B]): Promise<DraftSetup> {
  const { missionId, leadId } = await missionWithLead(run);
  const draft = dataOf<{ draft: { draft_id: string } }>(
    await run("linkedin.draft.create", {
      lead_id: leadId,
      mission_id: missionId,
      variations: variations.map((body_text) => ({ body_text })),
    }),
  );
  return { missionId, leadId, draftId: draft.draft.draft_id };
}

// A held call's preview for people, chosen by what the preview holds rather than by command id:
// an import (mission, row counts, a sample of the rows), a message (recipient and the exact
// text), or any other call's input as a table.
import type { ApprovalView } from "@salestouch/client";
import { display } from "../format.js";
import { Scroll } from "./scroll.js";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

const SAMPLE_ROWS = 5;

function InputTable(props: { input: unknown; caption: string }) {
  const entries = isObject(props.input) ? Object.entries(props.input) : [["input", props.input] as const];
  return (
    <table class="kv">
      <caption>{props.caption}</caption>
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{typeof value === "object" && value !== null ? <pre>{display(value)}</pre> : display(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A few rows of an import, with the columns any of them has. */
export function RowSample(props: { rows: Json[]; caption: string }) {
  const columns = [...new Set(props.rows.flatMap((row) => Object.keys(row)))].slice(0, 8);
  return (
    <Scroll label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{display(row[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

function ImportPreview(props: { preview: Json; input: Json }) {
  const { preview, input } = props;
  const mission = isObject(preview["mission"]) ? preview["mission"] : {};
  // The server's own sample (a CSV preview reads and checks its rows) or the first inline rows.
  const sample = Array.isArray(preview["sample"])
    ? (preview["sample"] as unknown[]).filter(isObject).map((r) => ({ row: r["row"], ...(isObject(r["fields"]) ? r["fields"] : {}) }))
    : Array.isArray(input["leads"])
      ? (input["leads"] as unknown[]).filter(isObject).slice(0, SAMPLE_ROWS)
      : [];
  const invalid = Array.isArray(preview["invalid_rows"]) ? (preview["invalid_rows"] as unknown[]).filter(isObject) : [];
  const counted = typeof preview["valid_count"] === "number";
  return (
    <div class="preview preview-import">
      <dl class="facts">
        <div>
          <dt>Mission</dt>
          <dd>{display(mission["name"])}</dd>
        </div>
        <div>
          <dt>Import</dt>
          <dd>
            {display(preview["import_name"])} ({display(preview["import_type"])})
          </dd>
        </div>
        <div>
          <dt>Rows to read</dt>
          <dd class="count">{display(preview["row_count"])}</dd>
        </div>
        {counted && (
          <div>
            <dt>Valid rows</dt>
            <dd class="count">{display(preview["valid_count"])}</dd>
          </div>
        )}
        {counted && (
          <div>
            <dt>Invalid rows</dt>
            <dd class="count">{display(preview["invalid_count"])}</dd>
          </div>
        )}
        {preview["size_bytes"] !== undefined && (
          <div>
            <dt>File size</dt>
            <dd>{display(preview["size_bytes"])} bytes</dd>
          </div>
        )}
        {preview["csv_path"] ? (
          <div>
            <dt>File on the server</dt>
            <dd>
              <code>{display(preview["csv_path"])}</code>
            </dd>
          </div>
        ) : null}
      </dl>
      {sample.length > 0 && <RowSample rows={sample} caption={`A sample of the rows (${sample.length} of ${display(preview["row_count"])})`} />}
      {invalid.length > 0 && <RowSample rows={invalid} caption="Rows the import would leave out" />}
      {!counted && (
        <p class="hint">
          Rows without an identifier, with a bad email or URL, or naming two different leads are left out when the import runs; they are listed with
          the result.
        </p>
      )}
    </div>
  );
}

function MessagePreview(props: { preview: Json }) {
  const { preview } = props;
  const recipient = isObject(preview["recipient"]) ? preview["recipient"] : {};
  return (
    <div class="preview preview-message">
      <dl class="facts">
        <div>
          <dt>To</dt>
          <dd>
            {display(recipient["name"])}
            {recipient["job_title"] ? `, ${display(recipient["job_title"])}` : ""}
            {recipient["company"] ? ` at ${display(recipient["company"])}` : ""}
          </dd>
        </div>
        {recipient["linkedin_url"] ? (
          <div>
            <dt>Profile</dt>
            <dd>{display(recipient["linkedin_url"])}</dd>
          </div>
        ) : null}
        <div>
          <dt>Variation</dt>
          <dd>{Number(preview["variation_index"]) + 1}</dd>
        </div>
        <div>
          <dt>Sent now</dt>
          <dd>{preview["send_now"] ? `yes, through the ${display(preview["dispatcher"])}` : "no: it is only approved for sending"}</dd>
        </div>
      </dl>
      <blockquote class="message">{display(preview["body_text"])}</blockquote>
    </div>
  );
}

export function Preview(props: { approval: ApprovalView }) {
  const { approval } = props;
  const preview = isObject(approval.preview) ? approval.preview : {};
  const input = isObject(approval.input) ? approval.input : {};
  if (isObject(preview["mission"]) && typeof preview["row_count"] === "number") return <ImportPreview preview={preview} input={input} />;
  if (typeof preview["body_text"] === "string" && isObject(preview["recipient"])) return <MessagePreview preview={preview} />;
  return (
    <div class="preview">
      <InputTable input={approval.input} caption="What the call would run with" />
    </div>
  );
}

/** What the decided call answered: counts and invalid rows of an import, or the error. */
export function Outcome(props: { approval: ApprovalView }) {
  const result = props.approval.result;
  if (!result) return null;
  if (!result.ok) return <p class="outcome outcome-error">The call failed when it ran: {result.error?.message ?? "unknown error"}</p>;
  const data = isObject(result.data) ? result.data : {};
  const counts = ["created_count", "updated_count", "skipped_count", "invalid_count"].filter((k) => typeof data[k] === "number");
  const invalid = Array.isArray(data["invalid_rows"]) ? (data["invalid_rows"] as unknown[]).filter(isObject) : [];
  return (
    <div class="outcome">
      {counts.length > 0 ? <p>Ran: {counts.map((k) => `${String(data[k])} ${k.replace("_count", "")}`).join(", ")}.</p> : <p>Ran successfully.</p>}
      {invalid.length > 0 && <RowSample rows={invalid} caption="Rows left out" />}
    </div>
  );
}

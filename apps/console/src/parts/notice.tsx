// A message in the page: errors are announced to screen readers as they appear.
export function Notice(props: { tone: "error" | "ok" | "info"; message: string; hint?: string | undefined }) {
  return (
    <div class={`notice notice-${props.tone}`} role={props.tone === "error" ? "alert" : "status"}>
      <p>{props.message}</p>
      {props.hint && <p class="hint">{props.hint}</p>}
    </div>
  );
}

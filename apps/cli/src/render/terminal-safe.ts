// Stored text printed for a person must not drive their terminal: escape sequences in a lead's
// name or a draft could clear the screen, set the title, write the clipboard (OSC 52) or hide part
// of a message from an approver (ESC[8m). Every control character — C0 but newline and tab, DEL,
// C1 — and the bidirectional overrides that reorder what is shown are printed as visible escapes
// (\x1b, \u202e). `--json` output is never passed through here: it stays exact.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

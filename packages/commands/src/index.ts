// @salestouch/commands: the hand-written handlers, one file per command, grouped by category.
export { handlers } from "./handlers.js";

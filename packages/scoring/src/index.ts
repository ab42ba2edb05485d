// @salestouch/scoring: the scoring model — profile definitions, the pure score function and its explanation.
export {
  applyChange,
  COMPONENTS,
  DEFAULT_DEFINITION,
  definitionProblems,
  fullPattern,
  patternKey,
  type CompanySizeRule,
  type Component,
  type DefinitionChange,
  type DefinitionProblem,
  type ScoringDefinition,
  type ScoringPattern,
} from "./definition.js";
export { normalizeText, parsePattern } from "./patterns.js";
export { parseCompanySize } from "./company-size.js";
export { compileProfile, scoreLead, scoreOf, type Breakdown, type CompiledProfile, type ScoreResult, type ScoringSubject } from "./score.js";
export { explainScore } from "./explain.js";

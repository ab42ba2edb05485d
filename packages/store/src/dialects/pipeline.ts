// Several statements of one transaction sent before one Sync: one round trip to PostgreSQL instead of one each.
import pg from "pg";

/** What pg's Connection offers a query while it is being sent (pg 8's Connection, the parts used here). */
interface Wire {
  sync(): void;
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string | undefined>;
  submittedNamedStatements: Record<string, string | undefined>;
}

/** pg's own Query, which writes Parse/Bind/Describe/Execute (`prepare`) and reads its answers (the handle* methods). */
interface Step {
  readonly name?: string;
  readonly text: string;
  prepare(wire: Wire): void;
  handleRowDescription(message: unknown): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, wire: Wire): void;
  handleEmptyQuery(wire: Wire): void;
  handleReadyForQuery(wire: Wire): void;
}

export interface PipelinedStatement {
  text: string;
  values: readonly unknown[];
  /** The prepared statement's name (parsed once per connection), or none for an unnamed one. */
  name?: string;
}

export interface PipelineResult {
  command: string;
  rowCount: number | null;
  rows: unknown[];
}

/**
 * A submittable (pg's custom query interface, as pg-cursor uses it): every statement's Parse (once
 * per connection for a named one), Bind, Describe and Execute, then ONE Sync. PostgreSQL runs them in
 * order and, at the first error, skips everything up to the Sync — the statements after it never run,
 * and the transaction they are in is left failed, to be rolled back. pg's own pipeline mode gives each
 * query a Sync of its own, so a failed `BEGIN` would let the statement behind it run and commit alone;
 * it is not used for that reason (docs/decisions/0022).
 *
 * The answer is the last statement's result; any error (PostgreSQL's, or a value pg cannot send)
 * rejects it as it is, as the statement alone would have, and `failed` names the statement.
 */
export class Pipeline {
  /** Which statement the answers arriving now belong to. */
  private at = 0;
  private readonly steps: Step[];
  private readonly outcomes: { error?: unknown; result?: PipelineResult }[];
  /** A statement pg refused to send: nothing after it was sent, and the pipeline fails. */
  private refused: number | null = null;
  readonly done: Promise<PipelineResult>;
  /** The statement that failed, once one has. */
  failed: PipelinedStatement | undefined;
  private settle!: { resolve: (result: PipelineResult) => void; reject: (error: unknown) => void };

  /** `types`: the connection's type parsers (pg hands them to a query of its own, not to a submittable's). */
  constructor(
    private readonly statements: readonly PipelinedStatement[],
    types: unknown,
  ) {
    this.outcomes = statements.map(() => ({}));
    this.steps = statements.map((statement, i) => {
      const record = (error: Error | undefined, result: unknown) => {
        const outcome = this.outcomes[i]!;
        if (error) outcome.error ??= error;
        else outcome.result = result as PipelineResult;
      };
      return new pg.Query({ text: statement.text, name: statement.name, types } as pg.QueryConfig, [...statement.values], record) as unknown as Step;
    });
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  // pg's client reads these of the query in flight: the statement whose ParseComplete arrives is
  // remembered as parsed on this connection.
  get name(): string | undefined {
    return this.steps[this.at]?.name;
  }
  get text(): string | undefined {
    return this.steps[this.at]?.text;
  }

  submit(wire: Wire): null {
    // Without a Sync of their own, every statement but the last; all in one write to the socket.
    const withoutSync: Wire = Object.create(wire, { sync: { value: () => undefined } });
    wire.stream.cork?.();
    try {
      for (const [i, step] of this.steps.entries()) {
        const last = i === this.steps.length - 1;
        step.prepare(last ? wire : withoutSync);
        if (this.outcomes[i]!.error !== undefined) {
          // pg could not bind its values and sent no Bind: stop here, so nothing after it runs.
          this.refused = i;
          if (!last) wire.sync();
          break;
        }
      }
    } finally {
      wire.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(message: unknown): void {
    this.steps[this.at]?.handleRowDescription(message);
  }
  handleDataRow(message: unknown): void {
    this.steps[this.at]?.handleDataRow(message);
  }
  handleCommandComplete(message: unknown, wire: Wire): void {
    this.steps[this.at]?.handleCommandComplete(message, wire);
    this.at++;
  }
  handleEmptyQuery(wire: Wire): void {
    this.steps[this.at]?.handleEmptyQuery(wire);
    this.at++;
  }
  handlePortalSuspended(): void {
    // Every statement runs to its end (Execute without a row limit): nothing is ever suspended.
  }
  handleCopyInResponse(wire: { sendCopyFail(message: string): void }): void {
    wire.sendCopyFail("COPY is not pipelined");
  }
  handleCopyData(): void {}

  /** PostgreSQL refused the statement in flight; it skipped the rest up to the Sync. */
  handleError(error: unknown, wire: Wire): void {
    // Statements sent but never parsed (skipped) must be parsed again by the next query that names them.
    for (const step of this.steps.slice(this.at)) {
      if (step.name && wire.parsedStatements[step.name] === undefined) delete wire.submittedNamedStatements[step.name];
    }
    this.failed = this.statements[this.at];
    this.settle.reject(error);
  }

  handleReadyForQuery(wire: Wire): void {
    for (const step of this.steps.slice(0, this.refused ?? this.steps.length)) step.handleReadyForQuery(wire);
    const failed = this.outcomes.findIndex((outcome) => outcome.error !== undefined);
    if (failed >= 0) {
      this.failed = this.statements[failed];
      this.settle.reject(this.outcomes[failed]!.error);
    } else this.settle.resolve(this.outcomes[this.outcomes.length - 1]!.result!);
  }
}

// Writes whose answer nobody reads, marked so that PostgreSQL sends them with what follows them in their transaction.

/**
 * The comment that ends a held write's SQL (compiled.ts, `compiledInsert(table, { held: true })`).
 * Inside a PostgreSQL transaction the statement is not sent when it is called: it goes out with the
 * transaction's next statement, or with its COMMIT, in one round trip (docs/decisions/0022). Its
 * caller gets no answer (no row count) and its error, if any, fails that next statement or the
 * COMMIT, and so the whole transaction — which a lost race's retry (unique violations) or the
 * caller's error path handles as before. So only a write whose caller reads no answer and catches
 * no error of its own may be held. SQLite runs it at once, and so does PostgreSQL outside a
 * transaction; the comment changes nothing for the database.
 */
export const HELD_MARK = "/* held until commit */";

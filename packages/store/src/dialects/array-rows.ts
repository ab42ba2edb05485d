// Rows as arrays for a hot read. better-sqlite3 builds an object per row with a property per
// column, which for a rescoring batch's 16-column rows cost more than reading them from SQLite
// (about 4.3 µs a row against 2.6 µs as arrays turned into objects of one fixed shape by the
// reader, over a 92k-lead mission). A statement whose SQL starts with this comment is prepared in
// better-sqlite3's raw mode and answers arrays of column values in the order selected;
// PostgreSQL takes the comment as a comment and answers objects, so a reader handles both.
export const ARRAY_ROWS = "/* array rows */ ";

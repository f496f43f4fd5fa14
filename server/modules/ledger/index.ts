/**
 * Double-entry ledger. Invariants: postings sum to zero per journal entry; entries and postings are never
 * updated or deleted (a correction is a reversing entry; triggers refuse changes); every entry has an
 * idempotency key (the same event posted twice is one entry); account balances equal the sum of their
 * postings and never sit where they must not (`verifyLedger`, `accord ledger verify`).
 */
export { accountLabel, accountSpec, balanceAllowed } from './accounts.js';
export {
  checkLines,
  postEntry,
  type EntryLine,
  type JournalEntryRow,
  type PostEntryInput,
} from './post-entry.js';
export { postEntries, postedKeys } from './post-entries.js';
export { verifyLedger } from './verify-ledger.js';
export { journalEntries, ledgerAccounts, postings } from './ledger.table.js';

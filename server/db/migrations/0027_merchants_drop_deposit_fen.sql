-- `merchants.deposit_fen` was never kept: a merchant's deposit is the ledger's `merchant_deposit:<id>` balance
-- (settlement's depositBalances, docs/domain/settlement.md). The column always read 0 and misled anyone
-- reading the table directly, so it goes.
ALTER TABLE "merchants" DROP COLUMN "deposit_fen";

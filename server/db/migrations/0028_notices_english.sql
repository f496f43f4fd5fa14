-- Inbox notices keep their English text beside the zh-CN text of record, so the English UI shows them in
-- English (GET /notices `en`). Notices written before stay Chinese only (`en` null); email and SMS rows carry
-- both languages in their one text, as before.
ALTER TABLE "notices" ADD COLUMN "title_en" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "body_en" text;

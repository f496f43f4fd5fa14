import type { Translate } from '../../i18n';
import { messageOr } from '../../lib/message-or';

/**
 * Labels of the server's enum values. A value the dictionary does not know yet shows as itself (see
 * messageOr), so a new server stage or action is visible rather than blank.
 */
export const stageLabel = (t: Translate, stage: string | null | undefined) =>
  stage ? messageOr(`stage.${stage}`, stage, t) : '';
export const categoryLabel = (t: Translate, category: string) =>
  messageOr(`caseCategory.${category}`, category, t);
export const remedyLabel = (t: Translate, remedy: string) => messageOr(`remedy.${remedy}`, remedy, t);
export const kindLabel = (t: Translate, kind: string) => messageOr(`caseKind.${kind}`, kind, t);
export const actionLabel = (t: Translate, action: string) => messageOr(`action.${action}`, action, t);
/** A timeline entry's wording: the event's own phrase, else the action's label. */
export const eventLabel = (t: Translate, action: string) =>
  messageOr(`event.${action}`, actionLabel(t, action), t);
export const partyLabel = (t: Translate, party: string | undefined) =>
  party ? messageOr(`party.${party}`, party, t) : '';
export const deadlineKindLabel = (t: Translate, kind: string) => messageOr(`deadlineKind.${kind}`, kind, t);
export const deadlineStatusLabel = (t: Translate, status: string) =>
  messageOr(`deadlineStatus.${status}`, status, t);
export const evidenceTypeLabel = (t: Translate, type: string) => messageOr(`evidenceType.${type}`, type, t);
export const visibilityLabel = (t: Translate, visibility: string) =>
  messageOr(`visibility.${visibility}`, visibility, t);
export const offerStatusLabel = (t: Translate, status: string) =>
  messageOr(`offerStatus.${status}`, status, t);
export const enumLabel = (t: Translate, prefix: string, value: string) =>
  messageOr(`${prefix}.${value}`, value, t);

/** Stage tag colours: what needs someone (blue/orange), what is settled (green), what ended otherwise (grey). */
export function stageColor(stage: string): string {
  switch (stage) {
    case 'awaiting_merchant':
    case 'counter_offered':
    case 'merchant_refused':
    case 'awaiting_supplement':
      return 'orange';
    case 'acceptance_review':
    case 'investigation':
    case 'mediation':
    case 'awaiting_decision':
    case 'appeal_review':
      return 'processing';
    case 'decided':
    case 'appeal_window':
    case 'execution':
    case 'refund_agreed':
      return 'cyan';
    case 'closed':
      return 'success';
    case 'suspended':
      return 'warning';
    default:
      return 'default';
  }
}

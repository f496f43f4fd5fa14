/**
 * Case values shared by the server (which validates them) and the web (which offers them in forms). A
 * contract with clients and stored in the database: add new values, never rename.
 */

/** Complaint categories (PRODUCT.md "Intake"). */
export const CATEGORIES = [
  'quality',
  'not_as_described',
  'counterfeit',
  'not_delivered',
  'service_not_performed',
  'partly_performed',
  'price_raised_on_site',
  'ticket_refund',
  'virtual_goods',
  'membership_renewal',
  'fake_transaction',
  'review_dispute',
  'privacy',
  'other',
] as const;

/** Remedies a claimant may ask for and an offer or decision may grant (PayPal-style typed offers). */
export const REMEDIES = [
  'full_refund',
  'partial_refund',
  'return_and_refund',
  'exchange',
  'repair',
  'compensation',
  'apology',
  'other',
] as const;

/** Remedies that pay money back and so cannot exceed what is still refundable on the order. */
export const REFUND_REMEDIES: readonly string[] = ['full_refund', 'partial_refund', 'return_and_refund'];

/** The typed kinds of evidence a party or the platform can submit. */
export const EVIDENCE_TYPES = [
  'order_screenshot',
  'chat_log',
  'replay_clip',
  'invoice',
  'certificate',
  'test_report',
  'logistics_record',
  'photo',
  'video',
  'contract',
  'payment_record',
  'identity_proof',
  'police_receipt',
  'court_acceptance',
  'other',
] as const;

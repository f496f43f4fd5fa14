import type { PolicyPackInput } from '../policy.schema.js';

type Clause = PolicyPackInput['clauses'][number];

const SRC = '口碑在线购买争议处理规范';

function k(id: string, article: string, quote: string, zh: string, en: string): Clause {
  return { id: `koubei ${id}`, source: `${SRC} ${article} (seed 002)`, quote, summary: { zh, en } };
}

/** Clauses of seed 002 §9–§27 (§28 is in the shared lifecycle), quoted from the seed. */
export const KOUBEI_CLAUSES: Clause[] = [
  k(
    '§9',
    '第九条',
    '如实描述,指商户应当对其所售服务及商品进行如实描述,即应当在服务及商品描述页面、店铺页等所有口碑提供的渠道中,对商品的基本属性、成色、瑕疵,服务的基本内容等必须说明的信息进行真实、完整的描述。',
    '如实描述',
    'Describe truthfully',
  ),
  k(
    '§10(三)',
    '第十条（三）',
    '商品属于“三包”……范围内的,消费者要求商户履行换货或维修义务的,商户应当按照消费者的要求提供相应服务。',
    '三包范围内换货或维修',
    'Within 三包: exchange or repair on request',
  ),
  k(
    '§11',
    '第十一条',
    '消费者和商户应当进行真实交易,不进行以增加信用或销量为目的的虚假交易。',
    '禁止虚假交易',
    'No fake transactions',
  ),
  k(
    '§13(一)',
    '第十三条（一）1–2',
    '涉及商品表面一致的事项,消费者应当在核销前对商品进行验收。本条所称“表面一致”,是指凭肉眼即可判断所收到的商品表面状况良好且与网上描述相符……消费者在核销前如发现商品存在表面不一致的情形,有权拒绝核销。',
    '表面一致须在核销前验收',
    'Visible consistency is checked before redemption',
  ),
  k(
    '§13(一)3',
    '第十三条（一）3',
    '如消费者一旦提取商品且点击“确认使用”的,则视为消费者已经认可其提取的商品,不得在提取商品后以其提取商品与商户在口碑平台发布的信息不一致为由提起投诉、退款等。',
    '核销后不得以不一致为由投诉',
    'No mismatch complaint after redemption',
  ),
  k(
    '§14',
    '第十四条',
    '商户出售的商品违反法律法规规定,或出售假冒商品、假冒材质成份相关规定不得出售的商品,交易做退款处理',
    '违法或假冒商品退款',
    'Illegal or counterfeit goods: refund',
  ),
  k(
    '§15',
    '第十五条',
    '商品存在质量问题或与网上描述不符的,交易做退货退款处理。',
    '质量问题或描述不符退货退款',
    'Quality problem or not as described: return and refund',
  ),
  k(
    '§16',
    '第十六条',
    '因商 品存在危及人身财产安全的不合理危险,导致消费者损失的,由消费者和商户另行协商或通过其他途径解决。',
    '人身财产损失另行解决',
    'Losses from unreasonable danger are settled elsewhere',
  ),
  k(
    '§17',
    '第十七条',
    '消费者和商户进行虚假交易的,在核销成功前,交易做退款处理;在核销成功后,口碑不予受理。',
    '虚假交易：核销前退款，核销后不受理',
    'Fake transaction: refund before redemption, not accepted after',
  ),
  k(
    '§18',
    '第十八条',
    '服务核销时间届满前,商户已产生实质服务行为的,或商户依约已完成服务的,消费者要求退款或拒绝接受服务的,需与商户协商一致。',
    '商户已实质履行的退款需协商一致',
    'Merchant already performed: refund only by agreement',
  ),
  k(
    '§19(一)',
    '第十九条（一）',
    '在消费者购买的商品或服务的核销有效期内,商户无正当理由拒绝履行核销义务,或部分履行服务,但已履行部分不可独立使用或虽可独立使用但和未履行部分分离后价值显受贬损的,交易做退款处理。',
    '拒绝履行或部分履行不可独立使用：全额退款',
    'Refused, or partial and not usable alone: full refund',
  ),
  k(
    '§19(二)',
    '第十九条（二）',
    '商户部分履行服务,已履行部分可独立使用且和未履部分分离后价值不受贬损的,交易按未履行部分比例做相应退款处理。',
    '部分履行可独立使用：按比例退款',
    'Partial and usable alone: pro-rata refund',
  ),
  k(
    '§19(三)',
    '第十九条（三）',
    '商户在提供服务或商品过程中,非因消费者原因而自行加价的,消费者可以拒绝接受服务或商品,交易支持退款消费者。消费者已接受服务或商品的,可要求商户退还差价。',
    '自行加价：拒绝则退款，接受则退差价',
    'Price raised: refuse → refund; accepted → difference back',
  ),
  k(
    '§21',
    '第二十一条',
    '争议处理过程中,口碑有权要求消费者或商户提供证明证据,且有权单方判断证据的效力。',
    '平台可要求举证',
    'The platform may ask either party for evidence',
  ),
  k(
    '§22',
    '第二十二条',
    '消费者主张商品存在质量问题或系假冒商品且通过肉眼无法做出判断的,商户应当按照口碑的要求提供厂家的经销凭证、产品合格证、商业发票等证明文件。',
    '肉眼无法判断的由商户先举证',
    'Not visible by eye: the merchant proves first',
  ),
  k(
    '§23',
    '第二十三条',
    '消费者主张商品存在质量问题或与网上描述不符,且可通过肉眼做出判断的,口碑有权根据商品图片直接认定。',
    '肉眼可判断的凭图片认定',
    'Visible by eye: decided from photos',
  ),
  k(
    '§24 ¶1',
    '第二十四条第一款',
    '商户提供符合本规范第二十一条规定的证明文件后,消费者应当根据口碑的要求提供相应的检测凭证。检测结果为商品存在质量问题或系假冒商品的,检测费用由商户承担;检测结果为商品不存在质量问题且非假冒商品的,检测费用由消费者承担。因商品在检测过程中产生的损坏责任承担原则,与检测费用的责任承担相同。',
    '检测费用随检测结果承担',
    'The testing fee follows the result',
  ),
  k(
    '§24 ¶2',
    '第二十四条第二款',
    '非应口碑要求,消费者自行检测的,检测费用由消费者承担。',
    '自行检测费用自担',
    'A self-initiated test is at the consumer’s cost',
  ),
  k(
    '§26(一)',
    '第二十六条（一）',
    '就核销成功前争议而言,因消费者实际未享受服务或未提取商品的,消费者应当在付款后,核销成功前提出退款申请。',
    '核销前申请退款',
    'Before redemption: apply after payment, before redemption',
  ),
  k(
    '§26(二)1',
    '第二十六条（二）1',
    '因收到的商品与描述不符或服务产生争议的,消费者应当在交易成功后的七天内提出退款申请。',
    '描述不符或服务争议：交易成功后7天内',
    'Mismatch or service dispute: 7 days after success',
  ),
  k(
    '§26(二)2',
    '第二十六条（二）2',
    '享受“三包规定”保障的商品产生的保障范围内的争议,消费者应当在核销成功后的九十天内提出售后申请。',
    '三包：核销成功后90天内',
    '三包: 90 days after redemption',
  ),
  k(
    '§26(二)3',
    '第二十六条（二）3',
    '因消费者到店未完全享受商户发布的服务中的相关内容的(包括但不限于承诺未履行,与承诺不符),消费者应当在交易成功后的七天内提出退款申请。',
    '未完全享受服务：交易成功后7天内',
    'Service not fully received: 7 days after success',
  ),
  k(
    '§27(一)',
    '第二十七条（一）',
    '消费者超出规定时限提出退款申请的,口碑不予受理。',
    '超时不予受理',
    'Out of time: not accepted',
  ),
  k(
    '§27(二)',
    '第二十七条（二）',
    '消费者和商户经自行协商达成退款协议并履行完毕,一方或双方反悔产生争议的,口碑不予处理;消费者和商户经自行协商达成退款协议但尚未履行,一方或双方反悔,要求口碑介入的,口碑按照本规范进行处理。',
    '协议已履行不处理；未履行按规范处理',
    'Performed agreement: not reopened; unperformed: handled',
  ),
  k(
    '§27(三)',
    '第二十七条（三）',
    '消费者在商户门店实际享受的服务或提取的商品核销与商户在口碑平台发布显示的服务及商品不一致,因实际交易服务及商品产生的争议,口碑不予处理。',
    '门店实际交易不一致的争议不处理',
    'A different trade at the store is not handled',
  ),
  k(
    '§27(四)',
    '第二十七条（四）',
    '消费者的退款要求被口碑驳回后,消费者再次申请的口碑不予处理。',
    '驳回后再次申请不处理',
    'Re-application after rejection: not handled',
  ),
];

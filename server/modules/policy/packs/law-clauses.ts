import type { PolicyPackInput } from '../policy.schema.js';

type Clause = PolicyPackInput['clauses'][number];

// Texts from shared/reference/laws (消法 2013, 电子商务法 2018, 食品安全法 2021) and LEGAL-AND-CALENDAR §2.
// Where only a summary was verified, the quote says 【要旨】 and is not the official wording.
const XF = '消费者权益保护法';

const ALL: Clause[] = [
  {
    id: '消法 Art. 23 ¶2',
    source: `${XF} 第二十三条第二款`,
    quote:
      '经营者以广告、产品说明、实物样品或者其他方式表明商品或者服务的质量状况的，应当保证其提供的商品或者服务的实际质量与表明的质量状况相符。',
    summary: { zh: '商品应与表明的质量状况相符', en: 'Goods must match how they were represented' },
  },
  {
    id: '消法 Art. 24',
    source: `${XF} 第二十四条`,
    quote:
      '经营者提供的商品或者服务不符合质量要求的，消费者可以依照国家规定、当事人约定退货，或者要求经营者履行更换、修理等义务。没有国家规定和当事人约定的，消费者可以自收到商品之日起七日内退货；七日后符合法定解除合同条件的，消费者可以及时退货，不符合法定解除合同条件的，可以要求经营者履行更换、修理等义务。依照前款规定进行退货、更换、修理的，经营者应当承担运输等必要费用。',
    summary: {
      zh: '质量问题7日内退货，之后更换、修理；经营者承担运费',
      en: 'Quality: return within 7 days, then replace or repair; the operator pays transport',
    },
  },
  {
    id: '消法 Art. 25',
    source: `${XF} 第二十五条第一款`,
    quote:
      '经营者采用网络、电视、电话、邮购等方式销售商品，消费者有权自收到商品之日起七日内退货，且无需说明理由',
    summary: { zh: '七天无理由退货', en: '7-day no-reason return' },
  },
  {
    id: '消法 Art. 25(一)',
    source: `${XF} 第二十五条第一款第（一）项`,
    quote: '消费者定作的',
    summary: { zh: '定作商品除外', en: 'Except goods made to order' },
  },
  {
    id: '消法 Art. 25(二)',
    source: `${XF} 第二十五条第一款第（二）项`,
    quote: '鲜活易腐的',
    summary: { zh: '鲜活易腐商品除外', en: 'Except fresh or perishable goods' },
  },
  {
    id: '消法 Art. 25(三)',
    source: `${XF} 第二十五条第一款第（三）项`,
    quote: '在线下载或者消费者拆封的音像制品、计算机软件等数字化商品',
    summary: { zh: '在线下载或拆封的数字化商品除外', en: 'Except downloaded or unsealed digital goods' },
  },
  {
    id: '消法 Art. 25(四)',
    source: `${XF} 第二十五条第一款第（四）项`,
    quote: '交付的报纸、期刊',
    summary: { zh: '报纸、期刊除外', en: 'Except delivered periodicals' },
  },
  {
    id: '消法 Art. 25 ¶2',
    source: `${XF} 第二十五条第二款`,
    quote: '除前款所列商品外，其他根据商品性质并经消费者在购买时确认不宜退货的商品，不适用无理由退货。',
    summary: {
      zh: '购买时经消费者确认不宜退货的除外',
      en: 'Except goods the consumer confirmed at purchase as not returnable',
    },
  },
  {
    id: '消法 Art. 25 ¶3',
    source: `${XF} 第二十五条第三款`,
    quote:
      '消费者退货的商品应当完好。经营者应当自收到退回商品之日起七日内返还消费者支付的商品价款。退回商品的运费由消费者承担；经营者和消费者另有约定的，按照约定。',
    summary: {
      zh: '商品完好；收到退货7日内退款；退货运费由消费者承担',
      en: 'Intact goods; refund within 7 days of receipt; the consumer pays return freight',
    },
  },
  {
    id: '七日办法 Art. 10',
    source: '网络购买商品七日无理由退货暂行办法 第十条',
    quote: '七日期间自消费者签收商品的次日开始起算',
    summary: { zh: '自签收次日起算七日', en: 'The 7 days start the day after signing' },
  },
  {
    id: '三包 Art. 9',
    source: '部分商品修理更换退货责任规定 第九条',
    quote: '产品自售出之日起7日内，发生性能故障，消费者可以选择退货、换货或修理。',
    summary: { zh: '7日内性能故障可退、换、修', en: 'Fault within 7 days: return, exchange or repair' },
  },
  {
    id: '三包 Art. 10',
    source: '部分商品修理更换退货责任规定 第十条',
    quote: '产品自售出之日起15日内，发生性能故障，消费者可以选择换货或修理。',
    summary: { zh: '15日内性能故障可换、修', en: 'Fault within 15 days: exchange or repair' },
  },
  {
    id: '消法 Art. 53',
    source: `${XF} 第五十三条`,
    quote:
      '经营者以预收款方式提供商品或者服务的，应当按照约定提供。未按照约定提供的，应当按照消费者的要求履行约定或者退回预付款；并应当承担预付款的利息、消费者必须支付的合理费用。',
    summary: {
      zh: '未按约定提供的，履行或退回预付款',
      en: 'Not supplied as agreed: perform or refund the prepayment',
    },
  },
  {
    id: '消法 Art. 55',
    source: `${XF} 第五十五条第一款`,
    quote:
      '经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失，增加赔偿的金额为消费者购买商品的价款或者接受服务的费用的三倍；增加赔偿的金额不足五百元的，为五百元。法律另有规定的，依照其规定。',
    summary: { zh: '欺诈：价款三倍，不足500元为500元', en: 'Fraud: 3× the price, at least 500 yuan' },
  },
  {
    id: '实施条例 Art. 49',
    source: '消费者权益保护法实施条例 第四十九条',
    quote:
      '【要旨】标签、说明书、宣传材料存在不影响商品质量且不会对消费者造成误导的瑕疵的，不适用消法第五十五条第一款；以夹带、掉包、造假、篡改生产日期、捏造事实等方式骗取赔偿或者敲诈勒索的，不适用该款，移交公安机关。',
    summary: { zh: '三倍赔偿的例外', en: 'Exceptions to treble damages' },
  },
  {
    id: '食品安全法 Art. 148',
    source: '食品安全法 第一百四十八条第二款',
    quote:
      '生产不符合食品安全标准的食品或者经营明知是不符合食品安全标准的食品，消费者除要求赔偿损失外，还可以向生产者或者经营者要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元。但是，食品的标签、说明书存在不影响食品安全且不会对消费者造成误导的瑕疵的除外。',
    summary: {
      zh: '食品：价款十倍或损失三倍，不足1000元为1000元',
      en: 'Food: 10× price or 3× loss, at least 1,000 yuan',
    },
  },
  {
    id: '实施条例 Art. 10',
    source: '消费者权益保护法实施条例 第十条第二款',
    quote:
      '经营者采取自动展期、自动续费等方式提供服务的，应当在消费者接受服务前和自动展期、自动续费等日期前，以显著方式提请消费者注意。',
    summary: {
      zh: '自动续费须在服务前和续费前显著提示',
      en: 'Auto-renewal must be flagged before service and before each renewal',
    },
  },
];

const BY_ID = new Map(ALL.map((c) => [c.id, c]));

/** The law clauses with these ids, in this order. @throws Error for an unknown id (a typo in a pack). */
export function lawClauses(...ids: string[]): Clause[] {
  return ids.map((id) => {
    const clause = BY_ID.get(id);
    if (!clause) throw new Error(`unknown law clause ${id}`);
    return clause;
  });
}

/** The clauses the e-commerce law pack cites. */
export const LAW_CLAUSES: Clause[] = ALL.filter((c) => c.id !== '实施条例 Art. 10');

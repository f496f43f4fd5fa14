/**
 * The admin's draft of a new policy version (新建版本, issue 7): validate, read the diff, publish. Merged into
 * the one typed dictionary in messages.ts; zh-CN is the source of truth and the English table has every key.
 */
export const policyDraftZhCN = {
  'policyDraft.new': '新建版本',
  'policyDraft.title': '新建版本 · {pack}',
  'policyDraft.hint':
    '以第 {version} 版为底稿：修改下方字段与规则内容（JSON），或上传规则文件；先校验，再发布。',
  'policyDraft.effectiveFrom': '生效时间（北京时间）',
  'policyDraft.content': '规则内容（JSON，不含版本、生效时间与适用订单）',
  'policyDraft.upload': '上传规则文件',
  'policyDraft.required': '请填写此项',
  'policyDraft.syntax': 'JSON 格式有误，请检查标出的行',
  'policyDraft.seeBelow': '规则内容有问题，详见下方列表',
  'policyDraft.problems': '共 {count} 处问题',
  'policyDraft.refused': '无法发布，共 {count} 个原因',
  'policyDraft.line': '第 {line} 行',
  'policyDraft.validate': '校验',
  'policyDraft.publish': '发布',
  'policyDraft.confirm': '发布第 {version} 版，自 {from}（北京时间）起生效？发布后不可修改。',
  'policyDraft.publishable': '校验通过，可以发布',
  'policyDraft.notPublishable': '暂不能发布：请按标出的字段修改',
  'policyDraft.diffAgainst': '相对第 {version} 版的权益变化',
  'policyDraft.published': '第 {version} 版已发布',
};

export const policyDraftEn: Record<keyof typeof policyDraftZhCN, string> = {
  'policyDraft.new': 'New version',
  'policyDraft.title': 'New version · {pack}',
  'policyDraft.hint':
    'Starts from version {version}: change the fields and the pack content (JSON) below, or upload a pack file; validate, then publish.',
  'policyDraft.effectiveFrom': 'In force from (Beijing time)',
  'policyDraft.content': 'Pack content (JSON, without version, effective time and orders covered)',
  'policyDraft.upload': 'Upload a pack file',
  'policyDraft.required': 'Required',
  'policyDraft.syntax': 'The JSON is not well formed; check the line shown',
  'policyDraft.seeBelow': 'The pack content has problems; see the list below',
  'policyDraft.problems': '{count} problem(s)',
  'policyDraft.refused': 'Cannot be published, for {count} reasons',
  'policyDraft.line': 'Line {line}',
  'policyDraft.validate': 'Validate',
  'policyDraft.publish': 'Publish',
  'policyDraft.confirm':
    'Publish version {version}, in force from {from} (Beijing time)? A published version cannot be changed.',
  'policyDraft.publishable': 'Valid: this version can be published',
  'policyDraft.notPublishable': 'Cannot be published yet: change the fields marked',
  'policyDraft.diffAgainst': 'Rights changes against version {version}',
  'policyDraft.published': 'Version {version} published',
};

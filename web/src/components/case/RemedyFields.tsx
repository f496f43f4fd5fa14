import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, InputNumber, Select } from 'antd';
import type { FormListFieldData } from 'antd';
import type { ReactNode } from 'react';
import { REFUND_REMEDIES, REMEDIES } from '../../api/cases';
import { useI18n } from '../../i18n';
import { fenToYuan, formatFen } from '../../lib/money';
import { remedyLabel } from './labels';

/** A form field's name: a key, or a path (inside a Form.List, relative to the row). */
type FieldName = string | number | (string | number)[];

/**
 * A remedy and its amount in yuan — the row every offer, counter-offer, agreement, decision and revision
 * form asks for. The amount is capped at what is still refundable on the order only when the chosen remedy
 * pays money back (compensation may go beyond the order; the server checks either way).
 */
export function RemedyAmountFields({
  remedyName,
  amountName,
  remedyPath,
  labels,
  refundableFen,
  hint = false,
  remedyRequired,
}: {
  /** The fields' names as their Form.Items see them (relative inside a Form.List). */
  remedyName: FieldName;
  amountName: FieldName;
  /** The remedy's full path in the form, to follow the choice (defaults to `remedyName`). */
  remedyPath?: FieldName;
  labels: { remedy: string; amount: string };
  refundableFen?: string | undefined;
  /** Say under the amount what it may be (the cap, or 0 for an exchange or repair). */
  hint?: boolean;
  /** The message when no remedy is chosen, where the form words it for its reader. */
  remedyRequired?: string;
}) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const remedy = Form.useWatch<string | undefined>(remedyPath ?? remedyName, form);
  const capped = refundableFen !== undefined && remedy !== undefined && REFUND_REMEDIES.includes(remedy);
  const capYuan = refundableFen !== undefined ? fenToYuan(refundableFen) : 0;
  const capText = refundableFen !== undefined ? formatFen(refundableFen) : '';
  return (
    <>
      <Form.Item
        name={remedyName}
        label={labels.remedy}
        rules={[{ required: true, message: remedyRequired ?? t('composer.required') }]}
      >
        <Select options={REMEDIES.map((value) => ({ value, label: remedyLabel(t, value) }))} />
      </Form.Item>
      <Form.Item
        name={amountName}
        label={labels.amount}
        extra={
          hint ? (capped ? t('file.amount.hint', { amount: capText }) : t('offers.amount.hint')) : undefined
        }
        rules={[
          { required: true, message: t('form.amount.required') },
          ...(capped
            ? [
                {
                  type: 'number' as const,
                  max: capYuan,
                  message: t('form.amount.max', { amount: capText }),
                },
              ]
            : []),
        ]}
      >
        <InputNumber
          min={0}
          precision={2}
          step={10}
          prefix="¥"
          style={{ width: '100%' }}
          inputMode="decimal"
        />
      </Form.Item>
    </>
  );
}

/** An editable list of rows (remedies, penalties): each row's fields, a remove button, an add button. */
export function RowList({
  name,
  label,
  addLabel,
  newRow,
  children,
}: {
  name: string;
  label: string;
  addLabel: string;
  newRow: Record<string, unknown>;
  children: (field: FormListFieldData) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div className="form-list">
          <div className="form-list__label">{label}</div>
          {fields.map((field) => (
            <div key={field.key} className="form-list__row">
              {children(field)}
              <Button
                type="text"
                icon={<MinusCircleOutlined />}
                aria-label={t('composer.remove')}
                onClick={() => remove(field.name)}
                className="form-list__remove"
              />
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(newRow)}>
            {addLabel}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

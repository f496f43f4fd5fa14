import { Alert, type FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { applyProblemToForm } from '../../api/form-errors';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/error-message';

/**
 * Form-level error state for a form that talks to the API: field problems land on their fields (in the
 * user's language, as the server sent them); the rest shows in an alert above the submit button.
 */
export function useFormError(form: FormInstance) {
  const { t } = useI18n();
  const [formError, setFormError] = useState<string | null>(null);
  const onError = useCallback(
    (error: unknown, aliases?: Record<string, (string | number)[]>) => {
      const { unmatched, matchedAny } = applyProblemToForm(form, error, aliases);
      if (unmatched.length > 0) setFormError(unmatched.map((u) => u.message).join('；'));
      else setFormError(matchedAny ? null : errorMessage(error, t));
    },
    [form, t],
  );
  return { formError, setFormError, onError };
}

export function FormErrorAlert({ error }: { error: string | null }) {
  if (!error) return null;
  return <Alert type="error" showIcon role="alert" title={error} className="form-error" />;
}

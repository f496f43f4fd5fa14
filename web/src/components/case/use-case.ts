import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getCase, type CaseDetail } from '../../api/cases';
import { ApiError } from '../../api/problem';

export const caseKey = (id: string) => ['case', id] as const;
/** The pinned pack's assessment of the case (staff): refreshed with every write on the case. */
export const assessmentKey = (id: string) => ['case', id, 'assessment'] as const;
/** The money of the case (refunds and their status): refreshed with every write on the case. */
export const moneyKey = (id: string) => ['case', id, 'money'] as const;
/** Every cached case list (consumer list, merchant inbox, staff queues) starts with this key. */
export const CASE_LISTS_KEY = ['cases'] as const;

/**
 * Stages the platform is carrying out (refunds on their way): the server closes the case by itself once the
 * payment provider reports every refund paid, so the page looks again now and then rather than waiting for
 * the user to reload.
 */
const CARRYING_OUT = new Set(['execution', 'refund_agreed']);
const CARRYING_OUT_POLL_MS = 5_000;

/** The case as the signed-in user sees it; shared by the lists (row details) and the case page. */
export function useCase(id: string, enabled = true) {
  return useQuery({
    queryKey: caseKey(id),
    queryFn: ({ signal }) => getCase(id, signal),
    enabled,
    refetchInterval: (query) =>
      CARRYING_OUT.has(query.state.data?.stage ?? '') ? CARRYING_OUT_POLL_MS : false,
  });
}

function isCaseDetail(value: unknown): value is CaseDetail {
  return typeof value === 'object' && value !== null && 'viewer' in value && 'allowedActions' in value;
}

/**
 * A write on a case. A response that is the case itself replaces the cached case (the server computed the
 * new whose-move and allowed actions for this viewer); anything else refetches it. Lists are refreshed
 * either way. A 409 (no longer allowed, or changed meanwhile) refetches the case so the page shows what is
 * possible now.
 */
export function useCaseMutation<V>(caseId: string, mutationFn: (variables: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (data) => {
      if (isCaseDetail(data)) {
        queryClient.setQueryData(caseKey(caseId), data);
        void queryClient.invalidateQueries({ queryKey: assessmentKey(caseId) });
        void queryClient.invalidateQueries({ queryKey: moneyKey(caseId) });
      } else void queryClient.invalidateQueries({ queryKey: caseKey(caseId) });
      void queryClient.invalidateQueries({ queryKey: CASE_LISTS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['notices'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: caseKey(caseId) });
    },
  });
}

/** The case's pending deadline that matters most now: the one an allowed action is due by, else the earliest. */
export function currentDeadline(c: CaseDetail) {
  const pending = c.deadlines
    .filter((d) => d.status === 'pending' && d.dueAt)
    .sort((a, b) => (a.dueAt! < b.dueAt! ? -1 : 1));
  const actionDue = c.allowedActions.find((a) => a.dueAt)?.dueAt;
  if (actionDue) return pending.find((d) => d.dueAt === actionDue) ?? pending[0];
  const own = pending.find((d) => d.owner === c.viewer.as);
  return own ?? pending[0];
}

/** A failed command as the user sees it: the backend's sentence, and a retry where it helps. */

import type { ApiErrorCode } from "../api";
import { useI18n } from "../i18n/context";
import { reactionTo } from "../model/errors";

export function ErrorNotice({
  error,
  onRetry,
}: {
  error: { code: ApiErrorCode; message: string };
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const retry = onRetry && reactionTo(error.code) === "retry";
  return (
    <div
      className="notice notice-error"
      role="alert"
      data-testid="error-message"
      data-code={error.code}
    >
      <p>{error.message}</p>
      {retry ? (
        <button type="button" onClick={onRetry}>
          {t("app.retry")}
        </button>
      ) : null}
    </div>
  );
}

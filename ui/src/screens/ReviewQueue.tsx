/**
 * The review queue on a date: every customer whose credit review is due, whose security or
 * insurance expires within 30 days (or has expired), or whose credit report is missing or
 * more than a year old, each with what to look at.
 */

import { useState } from "react";

import * as api from "../api";
import { routeHref } from "../app/route";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { DateField } from "../components/DateField";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { useI18n } from "../i18n/context";
import { reviewItemSentence } from "../model/creditText";

export function ReviewQueue() {
  const i18n = useI18n();
  const { t, date } = i18n;
  const session = useSession();
  const [asOf, setAsOf] = useState(session.asOf);
  const load = useLoad(() => api.reviewQueue({ as_of: asOf }), [asOf]);
  const queue = load.data;

  return (
    <Page title={t("review.title")} testId="review">
      <p>{t("review.intro")}</p>
      <DateField
        id="review-as-of"
        required
        label={t("review.asOf")}
        value={asOf}
        onChange={setAsOf}
        testId="review-as-of"
      />
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {load.status === "loading" && !queue ? <p role="status">{t("app.loading")}</p> : null}
      {queue && queue.length === 0 ? (
        <p data-testid="review-empty">{t("review.empty", { date: date(asOf) })}</p>
      ) : null}
      {queue && queue.length > 0 ? (
        <div className="table-scroll" aria-busy={load.status === "loading"}>
          <table className="figures" data-testid="review-queue">
            <thead>
              <tr>
                <th scope="col">{t("review.customer")}</th>
                <th scope="col">{t("review.items")}</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((entry) => (
                <tr key={entry.customer} data-testid={`review-${entry.customer}`}>
                  <th scope="row">
                    <a
                      href={routeHref({
                        screen: "customer",
                        reference: entry.customer,
                        tab: "credit",
                      })}
                    >
                      {entry.customer}
                    </a>
                  </th>
                  <td>
                    <ul className="review-items">
                      {entry.items.map((note, i) => (
                        <li key={i} data-code={note.item.code}>
                          {reviewItemSentence(note.item, i18n)}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}

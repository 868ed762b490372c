import { units } from '../../../jurisdiction/kenya/index.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { UnitLoad } from '../assignment/service.ts';
import { queueAddress } from '../queue.ts';

/** A unit's load: each person's open and late cases (each a link to that person's queue), and those nobody works. */
export function TeamPage({ page, load }: { page: PageContext; load: UnitLoad }) {
  const { t } = page;
  const queue = (assignee: string, overdue = false) =>
    `/staff/cases?${queueAddress({ page: 1, status: 'open', assignee, overdue }, 1)}`;
  const title = t('cases.team.title', { unit: t(`unit.${load.unitCode}`) });
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href="/staff/cases">{t('cases.queue.title')}</a>
      </p>
      <h1>{title}</h1>
      {page.actor.kind === 'staff' && page.actor.role === 'ig_office' ? (
        <form method="get" action="/staff/cases/team" class="filters">
          <div class="field">
            <label for="unit">{t('cases.field.unit')}</label>
            <select id="unit" name="unit">
              {units.map((u) => (
                <option value={u.code} selected={u.code === load.unitCode}>
                  {t(`unit.${u.code}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button secondary">
            {t('cases.queue.apply')}
          </button>
        </form>
      ) : null}
      <table class="team">
        <thead>
          <tr>
            <th scope="col">{t('cases.field.assignee')}</th>
            <th scope="col">{t('cases.team.open')}</th>
            <th scope="col">{t('cases.team.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          {load.people.map((p) => (
            <tr>
              <th scope="row">
                <a href={queue(p.id)}>{p.name}</a>
              </th>
              <td>{p.open}</td>
              <td>{p.overdue > 0 ? <a href={queue(p.id, true)}>{p.overdue}</a> : 0}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">
              <a href={queue('none')}>{t('cases.unassigned')}</a>
            </th>
            <td>{load.unassigned.open}</td>
            <td>{load.unassigned.overdue}</td>
          </tr>
        </tbody>
      </table>
    </Layout>
  );
}

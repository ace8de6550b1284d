import { Select } from 'antd';
import { useMemo } from 'react';
import { useQuery } from '../../api/hooks';
import { useSession } from '../../app/frame-context';
import { mayCall } from '../../app/role-access';

interface Props {
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
}

/**
 * Whose ratings: a 组长 picks anyone on the staff list (staff.list); a clerk, who may not read
 * that list, can narrow the list to their own ratings only.
 */
export function StaffSelect({ value, onChange, id }: Props) {
  const me = useSession().staff;
  const canList = me !== null && mayCall(me.role, 'staff.list');
  const staff = useQuery('staff.list', canList ? {} : null);
  const options = useMemo(() => {
    if (canList) return (staff.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.staffNumber}）` }));
    return me ? [{ value: me.id, label: `本人（${me.name}）` }] : [];
  }, [canList, staff.data, me]);
  return (
    <Select<string | null>
      id={id}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={value ?? null}
      placeholder="全部人员"
      options={options}
      loading={canList && staff.loading}
      onChange={(v) => onChange?.(v ?? null)}
      popupMatchSelectWidth={240}
      className="staff-filter"
    />
  );
}

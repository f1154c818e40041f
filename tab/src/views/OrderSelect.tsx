import { Field, Select } from '@fluentui/react-components';
import { ACTION_ORDER_NAMES, ACTION_ORDERS, type ActionOrder } from '../../../src/plan/action-order.js';

/** The list's order, in the domain's names: the plan view's filter bar and the stage both offer it. */
export function OrderSelect({ value, onChange, className, selectClassName }: { value: ActionOrder; onChange: (order: ActionOrder) => void; className?: string; selectClassName?: string }) {
  return (
    <Field label="Order" className={className}>
      <Select className={selectClassName} value={value} onChange={(_, d) => onChange(ACTION_ORDERS.find((o) => o === d.value) ?? 'plan')}>
        {ACTION_ORDERS.map((order) => (
          <option key={order} value={order}>
            {ACTION_ORDER_NAMES[order]}
          </option>
        ))}
      </Select>
    </Field>
  );
}

// An event for a DCI subscriber: the notify envelope (NotifyEventRequest
// under a MsgCallbackHeader with action "notify"), signed like every DCI
// message. The files' reg_event_type lists only REGISTER and
// NewHouseHoldMember, none of the hub's events, so it is left out and the
// event's own type rides in its record (docs/dci.md).
import type { DeliveryOf, Rendered } from '../events/delivery';
import type { HubSigner } from '../lib/signing';
import { answerHeader, DCI_VERSION } from './envelope';
import { REG_TYPE } from './records';
import { dciEventTypeOf } from './subscriptions';

export function dciNotifyRenderer(signer: HubSigner, hubId: string) {
  return async ({ event, subscription, idempotencyKey }: DeliveryOf): Promise<Rendered> => {
    // The idempotency key names the message too: the same on every try.
    const header = {
      ...answerHeader('notify', { status: 'succ', total: 1, completed: 1 }, { sender: hubId, receiver: subscription.senderId ?? undefined }),
      message_id: idempotencyKey,
    };
    const record = {
      '@type': 'Event',
      event_type: dciEventTypeOf(event.kind),
      subscription_code: subscription.code,
      subject: event.subject,
      ...(event.personKey ? { person_key: event.personKey } : {}),
      ...(event.householdSourceId ? { household_id: event.householdSourceId } : {}),
      region_codes: event.regionCodes,
      departments: event.departments,
      occurred_at: event.occurredAt.toISOString(),
      ...(event.payload as object),
    };
    const message = {
      transaction_id: idempotencyKey,
      notify_event: [
        {
          reference_id: idempotencyKey,
          timestamp: event.occurredAt.toISOString(),
          data: { version: DCI_VERSION, reg_type: REG_TYPE, reg_record_type: 'Event', reg_records: record },
        },
      ],
    };
    return { body: JSON.stringify({ signature: await signer.sign(header, message), header, message }), headers: {} };
  };
}

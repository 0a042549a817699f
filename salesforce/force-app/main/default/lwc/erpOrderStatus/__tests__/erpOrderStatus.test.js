import { createElement } from 'lwc';
import ErpOrderStatus, { CHANNEL } from 'c/erpOrderStatus';
import { getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { subscribe, unsubscribe, onError } from 'lightning/empApi';

const RECORD_ID = '006000000000001AAA';
const OTHER_RECORD_ID = '006000000000002AAA';

/** The record as the getRecord wire gives it: the fields sfbridge writes (no milliseconds on a record written before them). */
function record(orderNumber, status, changedAt, changedAtMs) {
    return {
        apiName: 'Opportunity',
        id: RECORD_ID,
        fields: {
            ERP_Order_Number__c: { value: orderNumber },
            ERP_Order_Status__c: { value: status },
            ERP_Status_Changed_At__c: { value: changedAt },
            ...(changedAtMs === undefined ? {} : { ERP_Status_Changed_At_Ms__c: { value: changedAtMs } })
        }
    };
}

/** A message as lightning/empApi delivers it: the event's fields in data.payload. */
function message(recordId, orderNumber, status, changedAt, changedAtMs) {
    return {
        channel: CHANNEL,
        data: {
            schema: 'schema-id',
            payload: {
                Record_Id__c: recordId,
                Order_Number__c: orderNumber,
                Status__c: status,
                Changed_At__c: changedAt,
                Changed_At_Ms__c: changedAtMs
            },
            event: { replayId: 42 }
        }
    };
}

/** The listener the component module registers with onError, and how many it has registered since it was loaded. */
let streamingFailed;
let errorListeners = 0;

describe('c-erp-order-status', () => {
    let deliver;

    beforeEach(() => {
        subscribe.mockImplementation((channel, replayId, callback) => {
            deliver = callback;
            return Promise.resolve({ id: 'subscription-1', channel });
        });
        onError.mockImplementation((listener) => {
            streamingFailed = listener;
            errorListeners += 1;
            return Promise.resolve();
        });
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        deliver = undefined;
    });

    async function mounted() {
        const element = createElement('c-erp-order-status', { is: ErpOrderStatus });
        element.recordId = RECORD_ID;
        document.body.appendChild(element);
        await flush();
        return element;
    }

    /** The component on the page of a record that holds SO-1, Booked since 12:00. */
    async function mountedOnBookedRecord() {
        const element = await mounted();
        getRecord.emit(record('SO-1', 'Booked', '2026-11-23T12:00:00.000Z'));
        await flush();
        return element;
    }

    /** Lets the subscription's promise and the re-render after a change run. */
    function flush() {
        return new Promise((resolve) => setTimeout(resolve, 0));
    }

    function text(element, selector) {
        const node = element.shadowRoot.querySelector(selector);
        return node ? node.textContent.trim() : null;
    }

    function status(element) {
        const badge = element.shadowRoot.querySelector('.status lightning-badge');
        return badge ? badge.label : null;
    }

    it('shows the record fields when the page opens', async () => {
        const element = await mountedOnBookedRecord();

        expect(text(element, '.order-number')).toBe('Order SO-1');
        expect(status(element)).toBe('Booked');
        expect(element.shadowRoot.querySelector('.changed-at lightning-formatted-date-time').value).toBe('2026-11-23T12:00:00.000Z');
    });

    it('says there is no order before sfbridge wrote one', async () => {
        const element = await mounted();
        getRecord.emit(record(null, null, null));
        await flush();

        expect(text(element, '.no-order')).toBe('No ERP order yet.');
        expect(text(element, '.order-number')).toBeNull();
    });

    it('subscribes to the event for new messages only, and unsubscribes when removed', async () => {
        const element = await mounted();

        expect(subscribe).toHaveBeenCalledTimes(1);
        expect(subscribe.mock.calls[0][0]).toBe('/event/ERP_Order_Update__e');
        expect(subscribe.mock.calls[0][1]).toBe(-1);
        expect(text(element, '.live')).toBe('Updates live');

        document.body.removeChild(element);
        expect(unsubscribe).toHaveBeenCalledWith({ id: 'subscription-1', channel: CHANNEL });
    });

    it('shows a newer status from an event for this record without a reload, and tells the page the record changed', async () => {
        const element = await mountedOnBookedRecord();

        deliver(message(RECORD_ID, 'SO-1', 'Shipped', '2026-11-23T12:05:00.000Z'));
        await flush();

        expect(status(element)).toBe('Shipped');
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
    });

    it('takes an event naming the record by its 15-character ID', async () => {
        const element = await mountedOnBookedRecord();

        deliver(message(RECORD_ID.substring(0, 15), 'SO-1', 'Packed', '2026-11-23T12:01:00.000Z'));
        await flush();

        expect(status(element)).toBe('Packed');
    });

    it("ignores another record's events", async () => {
        const element = await mountedOnBookedRecord();

        deliver(message(OTHER_RECORD_ID, 'SO-2', 'Shipped', '2026-11-23T12:05:00.000Z'));
        await flush();

        expect(text(element, '.order-number')).toBe('Order SO-1');
        expect(status(element)).toBe('Booked');
        expect(notifyRecordUpdateAvailable).not.toHaveBeenCalled();
    });

    it('keeps the newest status when an older one arrives late, or a copy arrives', async () => {
        const element = await mountedOnBookedRecord();

        deliver(message(RECORD_ID, 'SO-1', 'Delivered', '2026-11-23T12:30:00.000Z'));
        deliver(message(RECORD_ID, 'SO-1', 'Shipped', '2026-11-23T12:10:00.000Z'));
        deliver(message(RECORD_ID, 'SO-1', 'Delivered', '2026-11-23T12:30:00.000Z'));
        await flush();

        expect(status(element)).toBe('Delivered');
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledTimes(1);
    });

    // Salesforce holds a DateTime to the second: both statuses' Changed_At__c say 12:00:10, their milliseconds differ
    it('orders two statuses within one second by their milliseconds', async () => {
        const element = await mounted();
        const tenSeconds = Date.parse('2026-11-23T12:00:10.000Z');
        getRecord.emit(record('SO-1', 'Booked', '2026-11-23T12:00:10.000Z', tenSeconds + 200));
        await flush();

        deliver(message(RECORD_ID, 'SO-1', 'Shipped', '2026-11-23T12:00:10.000Z', tenSeconds + 700));
        deliver(message(RECORD_ID, 'SO-1', 'Booked', '2026-11-23T12:00:10.000Z', tenSeconds + 200));
        await flush();

        expect(status(element)).toBe('Shipped');
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledTimes(1);
    });

    it('orders by the DateTime a record written before the milliseconds were', async () => {
        const element = await mountedOnBookedRecord();
        const noon = Date.parse('2026-11-23T12:00:00.000Z');

        deliver(message(RECORD_ID, 'SO-1', 'Shipped', '2026-11-23T12:00:00.000Z', noon + 500));
        await flush();
        expect(status(element)).toBe('Shipped');

        deliver(message(RECORD_ID, 'SO-1', 'Booked', '2026-11-23T11:59:59.000Z', noon - 500));
        await flush();
        expect(status(element)).toBe('Shipped');
    });

    it('does not let the record, read again with the same status, undo a newer event', async () => {
        const element = await mountedOnBookedRecord();
        deliver(message(RECORD_ID, 'SO-1', 'Shipped', '2026-11-23T12:05:00.000Z'));
        await flush();

        // a cached read of the record from before the event
        getRecord.emit(record('SO-1', 'Booked', '2026-11-23T12:00:00.000Z'));
        await flush();

        expect(status(element)).toBe('Shipped');
    });

    it('says it is no longer live when the streaming connection fails', async () => {
        const element = await mounted();
        expect(text(element, '.live')).toBe('Updates live');

        streamingFailed({ error: 'handshake denied' });
        await flush();

        expect(text(element, '.live')).toBe('Not live: reload the page for the latest status');
    });

    it('says the status cannot be read when the record cannot, rather than that there is no order', async () => {
        const element = await mounted();
        // what getRecord gives a user without field access to one of the fields
        getRecord.error({ message: "No such column 'ERP_Order_Status__c' on entity 'Opportunity'" }, 400, 'Bad Request');
        await flush();

        expect(text(element, '.read-error')).toBe(
            "The ERP order status cannot be read: No such column 'ERP_Order_Status__c' on entity 'Opportunity'"
        );
        expect(text(element, '.no-order')).toBeNull();
        expect(text(element, '.order-number')).toBeNull();
    });

    it('shows the record again once it can be read', async () => {
        const element = await mounted();
        getRecord.error({ message: 'temporarily unavailable' }, 503, 'Service Unavailable');
        await flush();
        getRecord.emit(record('SO-1', 'Booked', '2026-11-23T12:00:00.000Z'));
        await flush();

        expect(text(element, '.read-error')).toBeNull();
        expect(text(element, '.order-number')).toBe('Order SO-1');
    });

    it('unsubscribes a subscription that resolves after the component was removed', async () => {
        let resolveSubscription;
        subscribe.mockImplementation(() => new Promise((resolve) => (resolveSubscription = resolve)));
        const element = createElement('c-erp-order-status', { is: ErpOrderStatus });
        element.recordId = RECORD_ID;
        document.body.appendChild(element);

        document.body.removeChild(element);
        expect(unsubscribe).not.toHaveBeenCalled();
        resolveSubscription({ id: 'subscription-late', channel: CHANNEL });
        await flush();

        expect(unsubscribe).toHaveBeenCalledWith({ id: 'subscription-late', channel: CHANNEL });
        expect(text(element, '.live')).toBe('Not live: reload the page for the latest status');
    });

    it("unsubscribes an earlier connect's late subscription and keeps the current one", async () => {
        const pending = [];
        subscribe.mockImplementation((channel, replayId, callback) => {
            deliver = callback;
            return new Promise((resolve) => pending.push(resolve));
        });
        const element = createElement('c-erp-order-status', { is: ErpOrderStatus });
        element.recordId = RECORD_ID;
        document.body.appendChild(element);
        document.body.removeChild(element);
        document.body.appendChild(element);

        // the second connect's subscription first, then the first's, late
        pending[1]({ id: 'subscription-2', channel: CHANNEL });
        pending[0]({ id: 'subscription-1', channel: CHANNEL });
        await flush();

        expect(unsubscribe).toHaveBeenCalledTimes(1);
        expect(unsubscribe).toHaveBeenCalledWith({ id: 'subscription-1', channel: CHANNEL });
        expect(text(element, '.live')).toBe('Updates live');
        document.body.removeChild(element);
        expect(unsubscribe).toHaveBeenLastCalledWith({ id: 'subscription-2', channel: CHANNEL });
    });

    it('registers one streaming error listener however many times components connect, and it reaches each', async () => {
        const first = await mounted();
        document.body.removeChild(first);
        document.body.appendChild(first);
        const second = await mounted();
        await flush();

        expect(errorListeners).toBe(1);
        streamingFailed({ error: 'connection lost' });
        await flush();
        expect(text(first, '.live')).toBe('Not live: reload the page for the latest status');
        expect(text(second, '.live')).toBe('Not live: reload the page for the latest status');
    });

    it('keeps the fields it read when streaming is not available, as in the mobile app', async () => {
        subscribe.mockImplementation(() => Promise.reject(new Error('EmpJs is not supported')));
        const element = await mounted();
        getRecord.emit(record('SO-1', 'Booked', '2026-11-23T12:00:00.000Z'));
        await flush();

        expect(status(element)).toBe('Booked');
        expect(text(element, '.live')).toBe('Not live: reload the page for the latest status');
    });
});

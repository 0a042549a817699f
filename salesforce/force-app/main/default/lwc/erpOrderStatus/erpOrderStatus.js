import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { subscribe, unsubscribe, onError } from 'lightning/empApi';
import ORDER_NUMBER from '@salesforce/schema/Opportunity.ERP_Order_Number__c';
import ORDER_STATUS from '@salesforce/schema/Opportunity.ERP_Order_Status__c';
import STATUS_CHANGED_AT from '@salesforce/schema/Opportunity.ERP_Status_Changed_At__c';
import STATUS_CHANGED_AT_MS from '@salesforce/schema/Opportunity.ERP_Status_Changed_At_Ms__c';

/** The platform event sfbridge publishes after it wrote a record's ERP order status (docs/callbacks.md). */
export const CHANNEL = '/event/ERP_Order_Update__e';
/** New messages only: the record's fields give the state when the page opens. */
const NEW_MESSAGES = -1;

/**
 * The components on the page now. lightning/empApi has no way to remove an onError listener, so one listener is
 * registered for the module, the first time a component connects, and it reaches the components connected when the
 * streaming connection fails; one per connect would pile up with every page a user opens.
 */
const connectedComponents = new Set();
let errorListenerRegistered = false;

function listenForStreamingErrors() {
    if (errorListenerRegistered) {
        return;
    }
    errorListenerRegistered = true;
    onError(() => {
        // the values shown stay, but each component says they are no longer live
        connectedComponents.forEach((component) => {
            component.live = false;
        });
    });
}

/**
 * An opportunity's ERP order number and status, live: the record's fields when the page opens, then every
 * ERP_Order_Update__e for this record. Messages can come late, out of order or twice, so one is shown only when
 * its status is newer than the one shown (Changed_At_Ms__c: Changed_At__c holds seconds only, so two statuses within
 * one second need the milliseconds; Changed_At__c when either lacks them); the record's fields stay the truth, and a
 * page reloaded reads them again.
 */
export default class ErpOrderStatus extends LightningElement {
    @api recordId;

    orderNumber;
    status;
    changedAt;
    changedAtMs;
    live = false;
    /** Why the record's fields could not be read (no field access, say), or undefined when they were. */
    readError;
    subscription;
    /** Counts connects: a subscription that resolves for an earlier one is not this connect's. */
    connects = 0;

    @wire(getRecord, { recordId: '$recordId', fields: [ORDER_NUMBER, ORDER_STATUS, STATUS_CHANGED_AT, STATUS_CHANGED_AT_MS] })
    wiredRecord({ data, error }) {
        if (error) {
            // without this the page would say "No ERP order yet." to a user who may not see the order
            this.readError = errorMessage(error);
        } else if (data) {
            this.readError = undefined;
            this.show(getFieldValue(data, ORDER_NUMBER), getFieldValue(data, ORDER_STATUS), getFieldValue(data, STATUS_CHANGED_AT),
                getFieldValue(data, STATUS_CHANGED_AT_MS));
        }
    }

    connectedCallback() {
        const connect = ++this.connects;
        connectedComponents.add(this);
        listenForStreamingErrors();
        subscribe(CHANNEL, NEW_MESSAGES, (message) => this.receive(message))
            .then((subscription) => {
                if (connect !== this.connects || !connectedComponents.has(this)) {
                    // removed (and maybe connected again) while subscribing: nobody would unsubscribe it later
                    unsubscribe(subscription);
                    return;
                }
                this.subscription = subscription;
                this.live = true;
            })
            .catch(() => {
                // no streaming here (the mobile app has no empApi): the fields read when the page opened stay
                this.live = false;
            });
    }

    disconnectedCallback() {
        connectedComponents.delete(this);
        if (this.subscription) {
            unsubscribe(this.subscription);
            this.subscription = undefined;
        }
        this.live = false;
    }

    get hasOrder() {
        return Boolean(this.orderNumber);
    }

    get liveLabel() {
        return this.live ? 'Updates live' : 'Not live: reload the page for the latest status';
    }

    receive(message) {
        const event = message && message.data && message.data.payload;
        if (!event || !sameRecord(event.Record_Id__c, this.recordId)) {
            return;
        }
        if (this.show(event.Order_Number__c, event.Status__c, event.Changed_At__c, event.Changed_At_Ms__c)) {
            // other components on the page read the record again
            notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
        }
    }

    /** Shows the values unless the status shown is as new or newer; true when they were shown. */
    show(orderNumber, status, changedAt, changedAtMs) {
        if (changedAt && this.changedAt && millis(changedAt, changedAtMs) <= millis(this.changedAt, this.changedAtMs)) {
            return false;
        }
        this.orderNumber = orderNumber || this.orderNumber;
        if (status) {
            this.status = status;
            this.changedAt = changedAt;
            this.changedAtMs = changedAtMs;
        }
        return true;
    }
}

/**
 * A status's time in milliseconds: the milliseconds written beside the DateTime when there are, else the DateTime, which
 * Salesforce holds to the second (a record written before sfbridge wrote milliseconds).
 */
function millis(changedAt, changedAtMs) {
    return changedAtMs === undefined || changedAtMs === null ? Date.parse(changedAt) : Number(changedAtMs);
}

/** The message of a wire's error: a UI API error's body.message, or a list's first. */
function errorMessage(error) {
    const body = error && error.body;
    const message = Array.isArray(body) ? body[0] && body[0].message : body && body.message;
    return message || 'unknown error';
}

/** Record IDs are the same record when their first 15 characters are: the 18-character form adds a suffix. */
function sameRecord(one, other) {
    return Boolean(one && other) && one.substring(0, 15) === other.substring(0, 15);
}

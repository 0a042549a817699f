import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { subscribe, unsubscribe, onError } from 'lightning/empApi';
import ORDER_NUMBER from '@salesforce/schema/Opportunity.ERP_Order_Number__c';
import ORDER_STATUS from '@salesforce/schema/Opportunity.ERP_Order_Status__c';
import STATUS_CHANGED_AT from '@salesforce/schema/Opportunity.ERP_Status_Changed_At__c';

/** The platform event sfbridge publishes after it wrote a record's ERP order status (docs/callbacks.md). */
export const CHANNEL = '/event/ERP_Order_Update__e';
/** New messages only: the record's fields give the state when the page opens. */
const NEW_MESSAGES = -1;

/**
 * An opportunity's ERP order number and status, live: the record's fields when the page opens, then every
 * ERP_Order_Update__e for this record. Messages can come late, out of order or twice, so one is shown only when
 * its status is newer than the one shown (Changed_At__c); the record's fields stay the truth, and a page
 * reloaded reads them again.
 */
export default class ErpOrderStatus extends LightningElement {
    @api recordId;

    orderNumber;
    status;
    changedAt;
    live = false;
    subscription;

    @wire(getRecord, { recordId: '$recordId', fields: [ORDER_NUMBER, ORDER_STATUS, STATUS_CHANGED_AT] })
    wiredRecord({ data }) {
        if (data) {
            this.show(getFieldValue(data, ORDER_NUMBER), getFieldValue(data, ORDER_STATUS), getFieldValue(data, STATUS_CHANGED_AT));
        }
    }

    connectedCallback() {
        onError(() => {
            // the streaming connection failed: the values shown stay, but say they are no longer live
            this.live = false;
        });
        subscribe(CHANNEL, NEW_MESSAGES, (message) => this.receive(message)).then((subscription) => {
            this.subscription = subscription;
            this.live = true;
        });
    }

    disconnectedCallback() {
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
        if (this.show(event.Order_Number__c, event.Status__c, event.Changed_At__c)) {
            // other components on the page read the record again
            notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
        }
    }

    /** Shows the values unless the status shown is as new or newer; true when they were shown. */
    show(orderNumber, status, changedAt) {
        if (changedAt && this.changedAt && Date.parse(changedAt) <= Date.parse(this.changedAt)) {
            return false;
        }
        this.orderNumber = orderNumber || this.orderNumber;
        if (status) {
            this.status = status;
            this.changedAt = changedAt;
        }
        return true;
    }
}

/** Record IDs are the same record when their first 15 characters are: the 18-character form adds a suffix. */
function sameRecord(one, other) {
    return Boolean(one && other) && one.substring(0, 15) === other.substring(0, 15);
}

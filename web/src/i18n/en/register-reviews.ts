/** The legal representatives' review of register changes (issue 17). */
export const registerReviews = {
  registerReviews: {
    title: 'Register changes: managers to review',
    back: 'Back to {{enterprise}}',
    lead: 'The registers no longer list these main or co-main access managers as employees or legal representatives. As a legal representative, confirm them (with a reason) or end their appointment. Unconfirmed, an appointment is suspended at the end of the grace period; you can still restore it.',
    none: 'No appointment is under review for this enterprise.',
    why: 'Flagged by a register import on {{date}}.',
    deadline: 'Suspended on {{date}} unless a legal representative confirms it.',
    reason: 'Reason',
    reasonHint: 'Required to confirm or restore; it is kept in the history.',
    reasonGiven: 'Reason given',
    status: {
      pending: 'Under review',
      confirmed: 'Confirmed',
      ended: 'Ended',
      suspended: 'Suspended',
      restored: 'Restored',
      resolved: 'Backed by the registers again',
    },
    actions: {
      confirm: 'Confirm',
      end: 'End the appointment',
      restore: 'Restore',
    },
    done: {
      confirm: '{{name}} is confirmed.',
      end: "{{name}}'s appointment has ended.",
      restore: "{{name}}'s appointment is restored.",
    },
  },
};

/** The one-click extension page the daily digest links to (issue 17). */
export const extendGrant = {
  extendGrant: {
    title: 'Extend access',
    back: 'Back to {{enterprise}}',
    holder: 'User',
    service: 'Online service',
    currentEnd: 'Current end date',
    limit: 'The longest term for this access is {{months}} months: from today, until {{date}} at the latest.',
    noLimit: 'This access has no maximum term.',
    newEnd: 'New end date',
    confirm: 'Extend',
    done: 'The access of {{name}} to {{service}} now runs until {{date}}.',
    cannot: 'You can no longer extend this access: your own role has changed, or the access has ended or was revoked.',
  },
};

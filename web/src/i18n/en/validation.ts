/** The rule a value breaks, said next to its field (issue 16, item 10). English: the reference (see ../en.ts). */

export const validation = {
  rules: {
    required: 'Please fill this in.',
    maxLength: 'At most {{limit}} characters.',
    minLength: 'At least {{limit}} characters.',
    maximum: 'At most {{limit}}.',
    minimum: 'At least {{limit}}.',
    maxItems: 'Choose at most {{limit}}.',
    minItems: 'Choose at least {{limit}}.',
    enum: 'Choose one of the values offered.',
    format: 'This does not have the expected form.',
    type: 'This is not the kind of value expected here.',
    unexpected: 'This is not expected here.',
    invalid: 'This value is not valid.',
    summary_one: 'Please correct the field marked below.',
    summary_other: 'Please correct the {{count}} fields marked below.',
  },
};

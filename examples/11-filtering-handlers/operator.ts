/**
 * Filters decide which handlers run for which objects: labels and annotations (a value, present,
 * absent, or a predicate), `when` over the handler's arguments, and a field's value (`value`, or
 * `old`/`new` for a change). The object in obj.yaml has the label somelabel=somevalue, the
 * annotation someannotation=somevalue and two items.
 */
import { on, run } from '@gen-operator/runtime';
import { Example } from '../resources.js';

const logged =
  (text: string) =>
  ({ logger }: { logger: { info(message: string): void } }) =>
    logger.info(text);

on.create(Example, logged('Label has the value.'), { id: 'labelValue', labels: { somelabel: 'somevalue' } });
on.create(Example, logged('Label is present.'), { id: 'labelPresent', labels: { somelabel: true } });
on.create(Example, logged('Label is absent.'), { id: 'labelAbsent', labels: { otherlabel: false } });
on.create(Example, logged('Label passes the predicate.'), {
  id: 'labelPredicate',
  labels: { somelabel: (value) => value?.startsWith('some') ?? false },
});
on.create(Example, logged('never: the label has another value'), { id: 'labelOtherValue', labels: { somelabel: 'othervalue' } });
on.create(Example, logged('never: the label is there'), { id: 'labelNotAbsent', labels: { somelabel: false } });

on.create(Example, logged('Annotation has the value.'), { id: 'annotationValue', annotations: { someannotation: 'somevalue' } });
on.create(Example, logged('Annotation is present.'), { id: 'annotationPresent', annotations: { someannotation: true } });
on.create(Example, logged('never: the annotation is missing'), { id: 'annotationMissing', annotations: { otherannotation: true } });

on.create(Example, logged('Two items.'), { id: 'whenTwoItems', when: ({ spec }) => spec.items?.length === 2 });
on.create(Example, logged('never: not three items'), { id: 'whenThreeItems', when: ({ spec }) => spec.items?.length === 3 });

on.create(Example, logged('spec.field is "value".'), { id: 'fieldValue', field: 'spec.field', value: 'value' });
on.create(Example, logged('never: spec.field is not "other"'), { id: 'fieldOtherValue', field: 'spec.field', value: 'other' });

// On update, `value` matches the old or the new value; `old` and `new` match one side each.
on.update(Example, logged('spec.field went from "value" to "changed".'), {
  id: 'updateOldNew',
  field: 'spec.field',
  old: 'value',
  new: 'changed',
});
on.update(Example, logged('never: spec.field did not come from "other"'), { id: 'updateFromOther', field: 'spec.field', old: 'other' });
on.field(Example, 'spec.field', logged('spec.field now passes the predicate.'), {
  id: 'fieldPredicate',
  new: (value: unknown) => value === 'changed',
});

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });

/**
 * Kubernetes' CEL object types (URL, IP, CIDR, Quantity, Semver) for the CEL engine: each is a
 * protobuf message of one string field, made at run time, so the engine types, compares (`==`) and
 * dispatches methods on them as on any object. The field holds a canonical form, so that two values
 * are equal exactly when Kubernetes' Equal says so (quantity('1') == quantity('1000m')).
 */
import type { CelObjectType } from '@bufbuild/cel';
import type { DescMessage } from '@bufbuild/protobuf';
import type { ReflectMessage } from '@bufbuild/protobuf/reflect';
import { cel, lazy, protobuf, reflection, wellKnownTypes } from '../libraries.js';

export interface ObjectKind {
  type(): CelObjectType;
  /** A value of the type holding `text`. */
  make(text: string): ReflectMessage;
  /** The text a value holds, or undefined for a value of another type. */
  text(value: unknown): string | undefined;
}

/** `kubernetes.URL` → message URL in package kubernetes, with one string field `text`. */
export function objectKind(typeName: string): ObjectKind {
  const desc = lazy((): DescMessage => {
    const { create, createFileRegistry } = protobuf();
    const { FileDescriptorProtoSchema, FieldDescriptorProto_Type, FieldDescriptorProto_Label } = wellKnownTypes();
    const dot = typeName.lastIndexOf('.');
    const file = create(FileDescriptorProtoSchema, {
      name: `${typeName}.proto`,
      package: typeName.slice(0, dot),
      syntax: 'proto3',
      messageType: [
        {
          name: typeName.slice(dot + 1),
          field: [
            {
              name: 'text',
              number: 1,
              type: FieldDescriptorProto_Type.STRING,
              label: FieldDescriptorProto_Label.OPTIONAL,
              jsonName: 'text',
            },
          ],
        },
      ],
    });
    return createFileRegistry(file, () => undefined).getMessage(typeName)!;
  });
  const type = lazy(() => cel().objectType(desc()));
  return {
    type,
    make(text) {
      const d = desc();
      return reflection().reflect(d, protobuf().create(d, { text } as never));
    },
    text(value) {
      const { isReflectMessage } = reflection();
      if (!isReflectMessage(value) || value.desc.typeName !== typeName) return undefined;
      return (value.message as unknown as { text: string }).text;
    },
  };
}

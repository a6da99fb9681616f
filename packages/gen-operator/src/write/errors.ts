/** The project folder cannot be written as asked: exit 2, with the message as the explanation. */
export class TargetError extends Error {}

// The one error class services throw. Codes follow EC2; adapters render them
// (a message in the UI, XML from the EC2 API). Anything else is a bug: logged,
// shown as a generic failure.
export type ErrorCode =
  | "AuthFailure"
  | "UnauthorizedOperation"
  | "InvalidParameterValue"
  | "InvalidParameterCombination"
  | "MissingParameter"
  | "InvalidAMIID.NotFound"
  | "InvalidAMIID.Malformed"
  | "InvalidAMIID.Unavailable"
  | "InvalidInstanceID.NotFound"
  | "InvalidInstanceID.Malformed"
  | "InvalidKeyPair.NotFound"
  | "InvalidKeyPair.Duplicate"
  | "InvalidKeyPair.Format"
  | "InvalidGroup.NotFound"
  | "InvalidGroup.Duplicate"
  | "InvalidGroup.Reserved"
  | "InvalidPermission.Duplicate"
  | "InvalidPermission.NotFound"
  | "InvalidPermission.Malformed"
  | "InvalidAllocationID.NotFound"
  | "InvalidAddress.NotFound"
  | "InvalidIPAddress.InUse"
  | "CannotDelete"
  | "InvalidAssociationID.NotFound"
  | "DependencyViolation"
  | "IncorrectInstanceState"
  | "InstanceLimitExceeded"
  | "InsufficientInstanceCapacity"
  | "InsufficientAddressCapacity"
  | "AddressLimitExceeded"
  | "IdempotentParameterMismatch"
  | "UnsupportedOperation"
  | "InvalidInstanceType"
  | "InvalidUserData.Malformed"
  | "InvalidTarget"
  | "ResourceNotFound"
  | "InvalidInvitation"
  | "LastAdmin"
  | "Throttling"
  | "InvalidCredentials"
  | "ValidationError"
  | "MissingAction"
  | "InvalidAction"
  | "FilterLimitExceeded"
  | "TagLimitExceeded"
  | "RequestEntityTooLarge"
  | "InvalidLaunchTemplateName.AlreadyExistsException"
  | "InvalidLaunchTemplateName.MalformedException"
  | "InvalidLaunchTemplateName.NotFoundException"
  | "InvalidLaunchTemplateId.NotFound"
  | "InvalidLaunchTemplateId.Malformed"
  | "InvalidLaunchTemplateId.VersionNotFound"
  | "AlreadyExists"
  | "ResourceInUse"
  | "LimitExceeded"
  | "InvalidSubnetID.NotFound"
  | "InvalidVpcID.NotFound"
  | "InvalidNetworkInterfaceID.NotFound"
  | "InvalidVolume.NotFound"
  | "InvalidSecurityGroupRuleId.NotFound"
  | "InvalidKey.Format"
  | "InsufficientFreeAddressesInSubnet"
  | "OperationNotPermitted"
  | "UnsupportedInstanceAttribute"
  | "Resource.AlreadyAssociated"
  | "InstanceCreditSpecification.NotSupported"
  | "InternalError";

const HTTP: Partial<Record<ErrorCode, number>> = {
  AuthFailure: 401,
  UnauthorizedOperation: 403,
  InvalidCredentials: 401,
  Throttling: 429,
  InsufficientInstanceCapacity: 500,
};

export class ServiceError extends Error {
  readonly code: ErrorCode;
  /** The input field the error is about, for field-level messages in forms. */
  readonly field?: string;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = "ServiceError";
    this.code = code;
    this.field = field;
  }
  get status(): number {
    return HTTP[this.code] ?? 400;
  }
}

export function isServiceError(e: unknown): e is ServiceError {
  return e instanceof ServiceError || (typeof e === "object" && e !== null && (e as { name?: string }).name === "ServiceError");
}

export const notFound = (code: ErrorCode, id: string, what: string) =>
  new ServiceError(code, `The ${what} '${id}' does not exist`);

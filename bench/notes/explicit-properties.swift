// Not compiled: the experiment behind bench/README.md ("Why intake is below goal"). FluentKit enumerates a model's
// properties by reflection on every query, insert and update (Fields.properties → swift_reflectionMirror_subscript →
// swift_getTypeByMangledName); an explicit list per model, satisfying the same protocol requirement, doubled intake
// throughput (105 → 194 dossiers/s). Belongs in each model's file, with a test that the list equals the reflected one.
import FluentKit


extension ApiToken {
    var properties: [any AnyProperty] { [$id, $user, $tokenHash, $expiresAt, $createdAt] }
}
extension CalendarOverrideRecord {
    var properties: [any AnyProperty] { [$id, $date, $isDayOff, $name, $createdAt] }
}
extension User {
    var properties: [any AnyProperty] { [$id, $username, $passwordHash, $fullName, $rolesValue, $agency, $email, $isActive, $failedLogins, $lockedUntil, $createdAt] }
}
extension Agency {
    var properties: [any AnyProperty] { [$id, $code, $name, $tier, $kind, $parent, $path, $createdAt] }
}
extension Procedure {
    var properties: [any AnyProperty] { [$id, $code, $name, $field, $tier, $agency, $level, $legalDays, $timeUnit, $feesJSON, $componentsJSON, $stepsJSON, $result, $legalBasisJSON, $searchText, $isActive, $updatedAt] }
}
extension DossierEvent {
    var properties: [any AnyProperty] { [$id, $dossier, $at, $actor, $actorName, $action, $fromStatus, $toStatus, $note, $fromUnit, $toUnit] }
}
extension Dossier {
    var properties: [any AnyProperty] { [$id, $code, $procedure, $receivingAgency, $receivingAgencyPath, $handlingAgency, $handlingAgencyPath, $statusCode, $channel, $applicantName, $applicantIDNumber, $applicantPhone, $applicantEmail, $applicantAddress, $componentsJSON, $receivedAt, $appointmentAt, $originalAppointmentAt, $resolvedAt, $returnedAt, $wasAccepted, $rescheduled, $stepIndex, $currentUnit, $timelinessCode, $delivery, $postalTracking, $idempotencyKey, $createdBy, $updatedAt] }
}

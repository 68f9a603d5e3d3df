import Vapor

/// What the queue's API answers. Field names are the contract of issue 11; extra fields only add.
enum QueueDTO {
    struct AreaRef: Content, Equatable {
        let code: String
        let name: String
    }

    struct Area: Content {
        let code: String
        let name: String
        let prefix: String
        let waiting: Int
    }

    struct Counter: Content {
        let code: String
        let name: String
        let number: Int
        let areas: [String]
        /// The full name of the officer sitting at the counter, if any.
        let officer: String?

        enum CodingKeys: String, CodingKey { case code, name, number, areas, officer }

        /// `officer` is always present (null when nobody sits there): the contract lists the key.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(name, forKey: .name)
            try c.encode(number, forKey: .number)
            try c.encode(areas, forKey: .areas)
            try c.encode(officer, forKey: .officer)
        }
    }

    struct Ticket: Content {
        let id: UUID
        let number: String
        let area: AreaRef
        let priority: Bool
        let status: String
        let statusLabel: String
        let issuedAt: Date
        let calledAt: Date?
        /// The counter's code while the ticket is called or served there (and after, who served it).
        let counter: String?
        let counterName: String?
        let ahead: Int
        let estimatedWaitMinutes: Int
        /// The dossier received from this ticket, by its code.
        let dossier: String?

        enum CodingKeys: String, CodingKey {
            case id, number, area, priority, status, statusLabel, issuedAt, calledAt, counter, counterName, ahead, estimatedWaitMinutes, dossier
        }

        /// Absent values are written as null: clients read `counter` whether or not the ticket was called.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(number, forKey: .number)
            try c.encode(area, forKey: .area)
            try c.encode(priority, forKey: .priority)
            try c.encode(status, forKey: .status)
            try c.encode(statusLabel, forKey: .statusLabel)
            try c.encode(issuedAt, forKey: .issuedAt)
            try c.encode(calledAt, forKey: .calledAt)
            try c.encode(counter, forKey: .counter)
            try c.encode(counterName, forKey: .counterName)
            try c.encode(ahead, forKey: .ahead)
            try c.encode(estimatedWaitMinutes, forKey: .estimatedWaitMinutes)
            try c.encode(dossier, forKey: .dossier)
        }
    }

    struct Call: Content {
        let id: Int
        let kind: String
        let ticket: Ticket
        let counter: String
        let area: String
        let at: Date
    }

    /// The data of an SSE `call` event (the hub adds the event's id as "id").
    struct CallEvent: Codable {
        struct TicketRef: Codable { let id: UUID; let number: String }
        let ticket: TicketRef
        let counter: String
        let counterName: String
        let counterNumber: Int
        let area: String
        let areaName: String
        let recall: Bool
        let at: Date
    }

    struct Transfer: Content {
        let area: String
    }

    struct NewTicket: Content {
        let area: String
        let priority: Bool?
    }
}

extension JSONEncoder {
    /// Dates as the API writes them (ISO 8601), for event data written outside Vapor's content encoders.
    static let queueEvents: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}

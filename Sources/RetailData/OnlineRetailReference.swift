/// Fixed facts about the real UCI "Online Retail" file that the generator imitates.
///
/// Country row counts, customer counts per country and the monthly/hourly volumes are the
/// commonly reported figures for the 541,909-row file; the generator uses them as weights.
enum OnlineRetailReference {
    /// Row count of the real file.
    static let rows = 541_909

    struct Country {
        let name: String
        /// Rows of that country in the real file.
        let rows: Int
        /// Distinct customers of that country.
        let customers: Int
        /// Rows without CustomerID.
        let guestRows: Int
    }

    /// The 38 countries; United Kingdom first.
    static let countries: [Country] = [
        Country(name: "United Kingdom", rows: 495_478, customers: 3_943, guestRows: 133_600),
        Country(name: "Germany", rows: 9_495, customers: 95, guestRows: 0),
        Country(name: "France", rows: 8_557, customers: 87, guestRows: 66),
        Country(name: "EIRE", rows: 8_196, customers: 3, guestRows: 711),
        Country(name: "Spain", rows: 2_533, customers: 31, guestRows: 0),
        Country(name: "Netherlands", rows: 2_371, customers: 9, guestRows: 0),
        Country(name: "Belgium", rows: 2_069, customers: 25, guestRows: 0),
        Country(name: "Switzerland", rows: 2_002, customers: 21, guestRows: 125),
        Country(name: "Portugal", rows: 1_519, customers: 19, guestRows: 39),
        Country(name: "Australia", rows: 1_259, customers: 9, guestRows: 0),
        Country(name: "Norway", rows: 1_086, customers: 10, guestRows: 0),
        Country(name: "Italy", rows: 803, customers: 15, guestRows: 0),
        Country(name: "Channel Islands", rows: 758, customers: 9, guestRows: 0),
        Country(name: "Finland", rows: 695, customers: 12, guestRows: 0),
        Country(name: "Cyprus", rows: 622, customers: 8, guestRows: 0),
        Country(name: "Sweden", rows: 462, customers: 8, guestRows: 0),
        Country(name: "Unspecified", rows: 446, customers: 4, guestRows: 202),
        Country(name: "Austria", rows: 401, customers: 11, guestRows: 0),
        Country(name: "Denmark", rows: 389, customers: 9, guestRows: 0),
        Country(name: "Japan", rows: 358, customers: 8, guestRows: 0),
        Country(name: "Poland", rows: 341, customers: 6, guestRows: 0),
        Country(name: "Israel", rows: 297, customers: 4, guestRows: 47),
        Country(name: "USA", rows: 291, customers: 4, guestRows: 0),
        Country(name: "Hong Kong", rows: 288, customers: 0, guestRows: 288),
        Country(name: "Singapore", rows: 229, customers: 1, guestRows: 0),
        Country(name: "Iceland", rows: 182, customers: 1, guestRows: 0),
        Country(name: "Canada", rows: 151, customers: 4, guestRows: 0),
        Country(name: "Greece", rows: 146, customers: 4, guestRows: 0),
        Country(name: "Malta", rows: 127, customers: 2, guestRows: 0),
        Country(name: "United Arab Emirates", rows: 68, customers: 2, guestRows: 0),
        Country(name: "European Community", rows: 61, customers: 1, guestRows: 0),
        Country(name: "RSA", rows: 58, customers: 1, guestRows: 0),
        Country(name: "Lebanon", rows: 45, customers: 1, guestRows: 0),
        Country(name: "Lithuania", rows: 35, customers: 1, guestRows: 0),
        Country(name: "Brazil", rows: 32, customers: 1, guestRows: 0),
        Country(name: "Czech Republic", rows: 30, customers: 1, guestRows: 0),
        Country(name: "Bahrain", rows: 19, customers: 2, guestRows: 2),
        Country(name: "Saudi Arabia", rows: 10, customers: 1, guestRows: 0),
    ]

    /// Rows per month from December 2010 (index 0) to December 2011 (index 12, 1st to 9th only).
    static let monthRows: [Double] = [
        42_481, 35_147, 27_707, 36_748, 29_916, 37_030, 36_874,
        39_518, 35_284, 50_226, 60_742, 84_711, 25_525,
    ]

    /// Relative volume by weekday, Sunday (0) to Saturday (6); no trading on Saturdays.
    static let weekdayWeights: [Double] = [0.64, 0.95, 1.02, 0.95, 1.04, 0.82, 0]

    /// First trading hour and the relative volume of hours 6 to 20.
    static let firstHour = 6
    static let hourWeights: [Double] = [
        41, 383, 8_909, 34_332, 49_037, 57_674, 78_709, 72_259,
        67_471, 77_519, 54_516, 28_509, 7_974, 3_705, 871,
    ]

    /// First and last trading day, and the Christmas closure (inclusive ranges).
    static let firstDay = CivilDate.days(year: 2010, month: 12, day: 1)
    static let lastDay = CivilDate.days(year: 2011, month: 12, day: 9)
    static let closedDays = CivilDate.days(year: 2010, month: 12, day: 24)...CivilDate.days(year: 2011, month: 1, day: 3)

    /// First invoice number and the mean step between consecutive numbers.
    static let firstInvoiceNumber = 536_365
    static let extraStepProbability = 0.746

    /// The bad-debt adjustment rows, reproduced verbatim.
    static let badDebtInvoices = [563_185, 563_186, 563_187]
    static let badDebtDay = CivilDate.days(year: 2011, month: 8, day: 12)
    static let badDebtMinutes = [14 * 60 + 50, 14 * 60 + 51, 14 * 60 + 52]
    static let badDebtAmount = 11_062_060  // thousandths
}

/// Bytes a finished job's result holds in memory: a row of `spins` Int8 per sample (with the array's header)
/// and its energy. The server's result memory (`CIMServerConfiguration.retainedResultBytes`) is counted in it.
enum JobResultSize {
    /// Per sample beyond its spins: a Swift array's header (32 bytes) and the energy (8).
    static let perSampleOverhead = 40

    /// nil when the product overflows (a setting no memory holds).
    static func bytes(samples: Int, spins: Int) -> Int? {
        let (perSample, o1) = spins.addingReportingOverflow(perSampleOverhead)
        let (total, o2) = samples.multipliedReportingOverflow(by: perSample)
        return o1 || o2 ? nil : total
    }
}

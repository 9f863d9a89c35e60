/// The `CREATE EXTERNAL TABLE` text shared by the three ALB log tables (``AccessLogTable``, ``HealthCheckLogTable``,
/// ``ConnectionLogTable``): backticked columns aligned, the RegexSerDe with the table's line regex, the logs'
/// location and partition projection on the delivery date folder (`day`, `yyyy/MM/dd`, from a first day to `NOW`).
enum TableDDL {
    /// The regex as a Hive string literal body (backslashes doubled).
    static func literal(_ regex: String) -> String { regex.map { $0 == "\\" ? "\\\\" : String($0) }.joined() }

    /// The statement for `database`.`table` with `columns` (name, Hive type) read by `regex` from the logs under
    /// `location`, partitions projected from `startDay`.
    static func create(
        database: String,
        table: String,
        columns: [(name: String, type: String)],
        regex: String,
        location: LogLocation,
        startDay: String
    ) -> String {
        let width = columns.map(\.name.count).max() ?? 0
        let lines = columns.map { c in
            "  `\(c.name)`" + String(repeating: " ", count: width - c.name.count + 1) + c.type
        }
        return """
            CREATE EXTERNAL TABLE IF NOT EXISTS `\(database)`.`\(table)` (
            \(lines.joined(separator: ",\n"))
            )
            PARTITIONED BY (`day` string)
            ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
            WITH SERDEPROPERTIES (
              'serialization.format' = '1',
              'input.regex' = '\(literal(regex))'
            )
            LOCATION '\(location.url)'
            TBLPROPERTIES (
              'projection.enabled' = 'true',
              'projection.day.type' = 'date',
              'projection.day.range' = '\(startDay),NOW',
              'projection.day.format' = 'yyyy/MM/dd',
              'projection.day.interval' = '1',
              'projection.day.interval.unit' = 'DAYS',
              'storage.location.template' = '\(location.url)${day}'
            )
            ;
            """
    }
}

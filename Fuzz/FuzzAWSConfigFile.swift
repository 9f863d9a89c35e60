// libFuzzer target: the AWS shared config/credentials file parser (INI with sub-properties).
// Compiled together with Sources/AWSClients/Credentials/INIFile.swift by Scripts/fuzz.sh.

import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAWSConfigFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let file = try INIFile.parse(text, path: "fuzz-config")
        for section in file.sections {
            precondition(file.section(section.name) != nil, "a section that cannot be looked up")
            precondition(section.line >= 1, "a section without its line")
        }
    } catch let error as AWSClientError {
        precondition(error.message.hasPrefix("fuzz-config:"), "an error without its file and line")
    } catch {
        preconditionFailure("an untyped error: \(error)")
    }
    return 0
}

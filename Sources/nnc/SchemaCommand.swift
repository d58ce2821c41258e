import ArgumentParser
import Foundation
import NNCLint

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of spec files, for editors.",
        discussion: """
            Prints a JSON Schema (draft 2020-12) of spec version 1: every key, type, range and \
            vocabulary word, with descriptions. With the YAML language server (for example VS \
            Code's YAML extension) it validates and completes specs as they are typed:
              nnc schema > nnc-spec.schema.json
            then in a spec's first line:
              # yaml-language-server: $schema=nnc-spec.schema.json
            """
    )

    func run() throws {
        FileHandle.standardOutput.write(Data(SpecSchema.json().utf8))
    }
}

import ArgumentParser
import Foundation

// Entry point: maps every outcome to nnc's exit codes (ArgumentParser's own
// usage errors would exit 64; nnc promises 2).
setvbuf(stdout, nil, _IOFBF, 1 << 16)
do {
    var command = try NNC.parseAsRoot()
    try command.run()
    fflush(stdout)
    exit(Exit.success)
} catch let failure as CommandFailure {
    fflush(stdout)
    exit(failure.code)
} catch {
    fflush(stdout)
    let code = NNC.exitCode(for: error)
    if code == .success {
        // --help and --version
        print(NNC.fullMessage(for: error))
        fflush(stdout)
        exit(Exit.success)
    }
    printError(NNC.fullMessage(for: error))
    exit(Exit.usage)
}

import Testing

@testable import NNCLint

struct GlobPatternTests {
    @Test(arguments: [
        ("*.yaml", "a.yaml", true),
        ("*.yaml", "dir/a.yaml", false),
        ("*.yaml", ".hidden.yaml", false),
        ("specs/*.y?ml", "specs/a.yaml", true),
        ("specs/*.y?ml", "specs/a.yml", false),
        ("specs/**/*.yaml", "specs/a.yaml", true),
        ("specs/**/*.yaml", "specs/x/y/b.yaml", true),
        ("specs/**/*.yaml", "other/b.yaml", false),
        ("specs/**/*.yaml", "specs/.git/b.yaml", false),
        ("**", "a/b/c", true),
        ("**/c", "c", true),
        ("a/**/**/c", "a/c", true),
        ("s[abc]c.yaml", "sbc.yaml", true),
        ("s[a-c]c.yaml", "sdc.yaml", false),
        ("s[!a-c]c.yaml", "sdc.yaml", true),
        ("[unclosed", "[unclosed", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
        ("*", "", false),
        ("./specs/*.yaml", "specs/a.yaml", true),
        ("specs/*.yaml", "./specs/a.yaml", true),
    ])
    func matches(pattern: String, path: String, expected: Bool) {
        #expect(GlobPattern(pattern).matches(path) == expected)
    }

    @Test func literalPrefixIsTheFolderToSearch() {
        #expect(GlobPattern("specs/lint/*.yaml").literalPrefix == "specs/lint")
        #expect(GlobPattern("**/*.yaml").literalPrefix == "")
        #expect(GlobPattern("/tmp/x/*.yaml").literalPrefix == "/tmp/x")
    }

    @Test func manyStarsDoNotBlowUp() {
        let pattern = GlobPattern(String(repeating: "*a", count: 30) + "b")
        #expect(!pattern.matches(String(repeating: "a", count: 200)))
    }

    @Test func detectsPatterns() {
        #expect(GlobPattern.isPattern("specs/*.yaml"))
        #expect(!GlobPattern.isPattern("specs/a.yaml"))
    }
}

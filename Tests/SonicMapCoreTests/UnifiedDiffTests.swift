import Testing
import SonicMapTestSupport

/// The diff a failing golden prints: `diff -u`'s hunks, every change shown, not just the first.
@Suite struct UnifiedDiffTests {
    @Test func twoDistantChangesMakeTwoHunksLikeDiffU() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
        let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nm\nn\n"
        // What Python's difflib.unified_diff (and `diff -u`) print for the same texts.
        let expected = """
            --- old
            +++ new
            @@ -1,5 +1,5 @@
             a
            -b
            +B
             c
             d
             e
            @@ -9,5 +9,5 @@
             i
             j
             k
            -l
             m
            +n

            """
        #expect(UnifiedDiff.text(old, new, from: "old", to: "new") == expected)
    }

    @Test func equalTextsHaveNoDiffAndAnEmptySideIsAllAdded() {
        #expect(UnifiedDiff.text("x\ny\n", "x\ny\n", from: "a", to: "b") == "")
        #expect(UnifiedDiff.text("", "x\n", from: "a", to: "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n")
    }
}

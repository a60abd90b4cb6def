import DLHash
import Foundation
import XCTest

/// SHA-256 against the FIPS 180-4 examples (NIST's "SHA256.pdf" and the CAVP byte-oriented
/// vectors), then against itself fed in every possible way: cache keys and committed golden
/// digests depend on these bytes.
final class SHA256Tests: XCTestCase {
    func testNISTVectors() {
        let cases: [(message: String, digest: String, why: String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "empty: padding alone, one block"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "one-block message (FIPS 180-4 example)"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "448 bits: the length no longer fits, two blocks"),
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1", "896 bits"),
        ]
        for c in cases {
            XCTAssertEqual(SHA256.hash(data: Data(c.message.utf8)).hexString, c.digest, c.why)
        }
    }

    func testOneMillionA() {
        let message = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        XCTAssertEqual(SHA256.hash(data: message).hexString, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // The same million bytes in uneven pieces, across block edges.
        var h = SHA256()
        var offset = 0, step = 1
        while offset < message.count {
            let end = min(offset + step, message.count)
            h.update(data: message[offset..<end])
            offset = end
            step = step * 3 % 257 + 1
        }
        XCTAssertEqual(h.finalize().hexString, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every message length around the padding edges (55, 56, 63, 64 bytes…) hashed in one call
    /// equals the same bytes fed one at a time and in two halves.
    func testChunkingNeverChangesTheDigest() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for n in [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 300] {
            let message = Array(bytes[0..<n])
            let whole = SHA256.hash(data: message)
            var one = SHA256()
            for b in message { one.update(data: [b]) }
            var two = SHA256()
            two.update(data: message[0..<(n / 2)])
            two.update(data: message[(n / 2)...])
            XCTAssertEqual(one.finalize(), whole, "\(n) bytes one at a time")
            XCTAssertEqual(two.finalize(), whole, "\(n) bytes in two halves")
        }
    }

    /// finalize() leaves the hasher as it was, like swift-crypto's.
    func testFinalizeDoesNotConsume() {
        var h = SHA256()
        h.update(data: Data("ab".utf8))
        _ = h.finalize()
        h.update(data: Data("c".utf8))
        XCTAssertEqual(h.finalize().hexString, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Known digests of values dlstudy hashes, as swift-crypto computed them before the switch:
    /// a digest iterates as its 32 bytes, and base64 (for CSP hashes) is the standard alphabet.
    func testDigestAsBytesAndBase64() {
        let d = SHA256.hash(data: Data("abc".utf8))
        XCTAssertEqual(Array(d).count, 32)
        XCTAssertEqual(Array(d).prefix(4), [0xba, 0x78, 0x16, 0xbf])
        XCTAssertEqual(d.map { String(format: "%02x", $0) }.joined(), d.hexString)
        XCTAssertEqual(d.base64, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        let raw: [UInt8] = Array("abc".utf8)
        raw.withUnsafeBytes { XCTAssertEqual(SHA256.hash(data: $0), d, "raw buffers hash like Data") }
    }

    func testThroughputIsNotABottleneck() {
        let data = Data(repeating: 7, count: 16 << 20)
        let start = Date()
        _ = SHA256.hash(data: data)
        let seconds = Date().timeIntervalSince(start)
        // Weights files are a few MB; even a slow, loaded machine hashes far faster than this.
        XCTAssertLessThan(seconds, 5, "16 MiB took \(seconds) s")
    }
}

import GradREPL
import XCTest

/// Charts use Unicode only in a UTF-8 locale, decided by LC_ALL, then LC_CTYPE, then LANG.
final class CharsetPolicyTests: XCTestCase {
    func testUTF8LocalesAllowUnicode() {
        XCTAssertTrue(CharsetPolicy.useUnicode(environment: ["LANG": "en_US.UTF-8"]))
        XCTAssertTrue(CharsetPolicy.useUnicode(environment: ["LANG": "C.utf8"]))
        XCTAssertTrue(CharsetPolicy.useUnicode(environment: ["LC_CTYPE": "de_DE.UTF-8", "LANG": "C"]))
    }

    func testOtherLocalesFallBackToASCII() {
        XCTAssertFalse(CharsetPolicy.useUnicode(environment: [:]))
        XCTAssertFalse(CharsetPolicy.useUnicode(environment: ["LANG": "C"]))
        XCTAssertFalse(CharsetPolicy.useUnicode(environment: ["LANG": "en_US.ISO-8859-1"]))
    }

    func testTheFirstSetVariableDecides() {
        XCTAssertFalse(CharsetPolicy.useUnicode(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"]))
        XCTAssertTrue(CharsetPolicy.useUnicode(environment: ["LC_ALL": "", "LC_CTYPE": "", "LANG": "en_US.UTF-8"]))
        XCTAssertFalse(CharsetPolicy.useUnicode(environment: ["LC_CTYPE": "POSIX", "LANG": "en_US.UTF-8"]))
    }
}

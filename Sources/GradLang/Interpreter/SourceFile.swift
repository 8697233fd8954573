import Foundation
import GradCore
import GradSyntax

extension SourceText {
    /// The text of the file at `url`, or why it cannot be read or is not text. Reading goes through the
    /// core's bounded file reader, so a huge or endless file (`/dev/zero`) is refused, not swallowed.
    public static func read(_ url: URL) -> Result<String, NotText> {
        do {
            return decode(try FileReading.contents(of: url))
        } catch {
            return .failure(NotText(reason: error.reason))
        }
    }
}

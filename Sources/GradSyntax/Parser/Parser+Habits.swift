/// What people coming from PyTorch type by habit, and the grad spelling of the same thing: a command
/// written as a keyword argument (`lr=0.1`), a bare number where grad names the option
/// (`optim adam 0.01`, `clip 1.0`), an activation or initializer as a statement (`relu he`).
extension Parser {
    /// `lr=0.1`: a command word assigned like a variable, which would otherwise create a variable that
    /// changes nothing. The rest of the line is shown as the command's argument.
    mutating func commandWrittenAsAssignment(_ command: CommandWord, _ word: Token) -> ParseAbort {
        var arguments: [String] = []
        var offset = 2
        while true {
            let token = peek(offset)
            switch token.kind {
            case .newline, .semicolon, .endOfInput, .rightBrace: break
            default:
                arguments.append(token.text)
                offset += 1
                continue
            }
            break
        }
        let spelled = ([command.rawValue] + arguments).joined(separator: " ")
        return fail(.unexpectedToken, "'\(command.rawValue)' is a command, not a variable", at: word.range.union(peek(1).range),
                    notes: [Note("grad sets it without '=': '\(spelled)'"), Note("see 'help \(command.rawValue)'")])
    }

    /// For a bare number where `command` wants a word first: what to write instead.
    func numberHabit(after command: Token, number: Token) -> Note? {
        switch CommandWord.lookup(command.text) {
        case .optim?:
            Note("the learning rate is named: 'optim … lr \(number.text)'")
        case .clip?:
            Note("name the rule: 'clip norm \(number.text)' (torch's clip_grad_norm_) or 'clip value \(number.text)' "
                 + "(clip_grad_value_)")
        default:
            nil
        }
    }

    /// For an activation or initializer word at the start of a statement: the commands that take it.
    func statementHabit(_ word: String) -> Note? {
        if ActivationWord.lookup(word) != nil {
            return Note("an activation is set with 'act \(word)', or in 'net dense 4x64 \(word)'")
        }
        if InitWord.lookup(word) != nil {
            return Note("an initializer is set with 'init \(word)', or in 'net dense 4x64 relu init \(word)'")
        }
        return nil
    }
}

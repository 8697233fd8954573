/// Independent pieces of work (a network's layers, a list of tensors) dealt whole to the two cores, the
/// largest first, each to the core with less so far. Which core does a piece never changes its result:
/// pieces share no output.
struct WorkShares {
    /// Indices of the pieces the calling thread takes, and those the helper core takes.
    let mine: [Int], theirs: [Int]
    /// The sizes of all the pieces dealt.
    let total: Int

    /// Deals the pieces `sizes.indices` for which `including` holds.
    init(sizes: [Int], including: (Int) -> Bool = { _ in true }) {
        var mine: [Int] = [], theirs: [Int] = [], load = (mine: 0, theirs: 0)
        for index in sizes.indices.filter(including).sorted(by: { sizes[$0] > sizes[$1] }) {
            if load.mine <= load.theirs {
                mine.append(index)
                load.mine += sizes[index]
            } else {
                theirs.append(index)
                load.theirs += sizes[index]
            }
        }
        self.mine = mine
        self.theirs = theirs
        total = load.mine + load.theirs
    }
}

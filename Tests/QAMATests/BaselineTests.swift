import Foundation
import QAMA
import Testing
import IsingCore

/// Softmax attention, key importance and the rank statistics that compare them with QAMA weights.
@Suite struct BaselineTests {
    @Test func attentionIsRowSoftmaxOfScaledScores() throws {
        let (q, k, _) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 41)
        let a = try SoftmaxAttention.attention(query: q, key: k)
        #expect(a.count == 2 * 3 * 3)
        for t in 0..<2 { for i in 0..<3 {
            let scores = (0..<3).map { j in
                (0..<4).map { q.storage[(t * 3 + i) * 4 + $0] * k.storage[(t * 3 + j) * 4 + $0] }.reduce(0, +) / 2
            }
            let z = scores.map(exp).reduce(0, +)
            for j in 0..<3 { #expect(abs(a[(t * 3 + i) * 3 + j] - exp(scores[j]) / z) < 1e-12) }
        } }
    }

    @Test func importanceIsTheMeanAttentionEachKeyReceives() throws {
        let (q, k, _) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 42)
        let a = try SoftmaxAttention.attention(query: q, key: k)
        let imp = try SoftmaxAttention.importance(query: q, key: k)
        #expect(imp.count == 6)
        for t in 0..<2 {
            for j in 0..<3 {
                let mean = (0..<3).map { a[(t * 3 + $0) * 3 + j] }.reduce(0, +) / 3
                #expect(abs(imp[t * 3 + j] - mean) < 1e-12)
            }
            #expect(abs(imp[(t * 3)..<(t * 3 + 3)].reduce(0, +) - 1) < 1e-12)
        }
    }

    @Test func spearmanMatchesKnownValues() {
        #expect(AttentionComparison.spearman([1, 2, 3], [10, 20, 30]) == 1)
        #expect(AttentionComparison.spearman([1, 2, 3], [3, 2, 1]) == -1)
        // Ties take their average rank (scipy.stats.spearmanr gives 0.9486832980505138).
        #expect(abs(AttentionComparison.spearman([1, 2, 2, 3], [1, 3, 2, 4]) - 0.9486832980505138) < 1e-12)
        #expect(AttentionComparison.spearman([1, 1, 1], [1, 2, 3]).isNaN)
        #expect(AttentionComparison.spearman([1, 2], [1]).isNaN)
    }

    @Test func topKOverlapBreaksTiesByLowerIndex() throws {
        #expect(try AttentionComparison.topKOverlap([0.9, 0.1, 0.5, 0.7], [0.2, 0.3, 0.8, 0.6], k: 2) == 0.5)
        // Ties at 1: the top 2 of the first are tokens 0 and 1.
        #expect(try AttentionComparison.topKOverlap([1, 1, 1, 0], [0.5, 0.4, 0.9, 0], k: 2) == 0.5)
        #expect(throws: QAMAError.self) { try AttentionComparison.topKOverlap([1, 2], [1, 2], k: 3) }
        #expect(throws: QAMAError.self) { try AttentionComparison.topKOverlap([1, 2], [1, 2], k: 0) }
    }

    @Test func perHeadComparesEachHeadSeparately() throws {
        let weights = [0, 1.0 / 3, 1, /**/ 1, 0, 0]
        let importance = [0.1, 0.3, 0.6, /**/ 0.2, 0.5, 0.3]
        let result = try AttentionComparison.perHead(weights: weights, importance: importance, heads: 2, tokens: 3, k: 1)
        #expect(result.map(\.head) == [0, 1])
        #expect(result[0].spearman == 1)
        #expect(result[0].topKOverlap == 1)
        #expect(abs(result[1].spearman - (-1.5 / 3.0.squareRoot())) < 1e-12)  // ranks [3, 1.5, 1.5] vs [1, 3, 2]
        #expect(result[1].topKOverlap == 0)
        #expect(throws: QAMAError.self) {
            try AttentionComparison.perHead(weights: weights, importance: [1], heads: 2, tokens: 3, k: 1)
        }
    }
}

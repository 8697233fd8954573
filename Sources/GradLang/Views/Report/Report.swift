import Foundation
import GradCore
import Plot
import GradSyntax

/// The `report` page: one self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched)
/// with the settings, the curves, the per-layer gradient views, the activation histograms, clipping,
/// the diagnosis and, when several runs are kept, their comparison. Each chart sits in a
/// `<section id=…>` so the tests (and readers' links) can find it.
enum Report {
    /// The section ids, in page order.
    static let sections = ["settings", "loss", "accuracy", "boundary", "layer-gradients", "heatmap", "time", "activations", "clipping", "diagnose", "compare"]

    static func html(for session: Session) -> String {
        let title = "grad report: \(session.plan?.summary ?? "no network")"
        var body: [BodyNode] = [.h1(.raw(SVG.escaped(title)))]
        body.append(section("settings", "Settings", [table(header: ["setting", "value"], rows: ShowTables(session).showSettings().map(settingRow))]))
        body.append(chartSection("loss", "Loss", "Train loss per recorded step and test loss per epoch.") {
            SVGLineChart.render(try ChartModels(session).lossChart())
        })
        body.append(chartSection("accuracy", "Accuracy", "Accuracy of each training batch and of the test set per epoch.") {
            SVGLineChart.render(try ChartModels(session).accuracyChart())
        })
        if session.rawTrainData?.inputCount == 2 { body.append(boundary(session)) }
        body.append(chartSection("layer-gradients", "Weight-gradient norm per layer",
                                 "Latest step, log scale: a staircase down toward layer 1 is a vanishing gradient.") {
            SVGBarChart.render(try ChartModels(session).layerGradientChart())
        })
        body.append(chartSection("heatmap", "Gradient norms over time",
                                 "Layer × step, log colour scale: vanishing shows as a dark band at the top, explosion as a red flare.") {
            SVGHeatMap.render(try ChartModels(session).gradientHeatMap())
        })
        if session.network?.recurrent.isEmpty == false { body.append(throughTime(session)) }
        body.append(chartSection("activations", "Activation histograms",
                                 "Each hidden layer's outputs on the first training rows; red bars are saturated outputs (or ReLU's zeros) as a share of all outputs.") {
            try activations(session)
        })
        body.append(chartSection("clipping", "Clipping", (try? ShowTables(session).showClip(last: 0).joined(separator: "; ")) ?? "") {
            SVGLineChart.render(try ChartModels(session).gradientNormChart())
        })
        body.append(diagnosis(session))
        if session.runs.count >= 2 { body.append(comparison(session)) }
        let page = HTML(
            .head(
                .meta(.charset(.utf8)),
                .element(named: "title", nodes: [.raw(SVG.escaped(title))]),
                .style(style)
            ),
            .body(.group(body))
        )
        return page.render(indentedBy: .spaces(1)) + "\n"
    }

    private static func settingRow(_ line: String) -> [String] {
        let key = line.prefix { $0 != " " }
        return [String(key), line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)]
    }

    private static func section(_ id: String, _ heading: String, _ content: [BodyNode]) -> BodyNode {
        .element(named: "section", nodes: [.attribute(named: "id", value: id), .h2(.raw(SVG.escaped(heading)))] + content)
    }

    /// A section holding one chart, or the reason there is none yet (e.g. nothing trained).
    private static func chartSection(_ id: String, _ heading: String, _ caption: String, _ chart: () throws -> BodyNode) -> BodyNode {
        section(id, heading, [figure(caption, chart)])
    }

    /// A captioned chart, or the reason there is none.
    private static func figure(_ caption: String, _ chart: () throws -> BodyNode) -> BodyNode {
        do {
            return .element(named: "figure", nodes: [
                .attribute(named: "class", value: "chart"), try chart(),
                .element(named: "figcaption", nodes: [.raw(SVG.escaped(caption))]),
            ])
        } catch let error as SessionError {
            return .p(.class("missing"), .raw(SVG.escaped(error.message + (error.hint.map { " (\($0))" } ?? ""))))
        } catch {
            return .p(.class("missing"), .raw(SVG.escaped("\(error)")))
        }
    }

    /// A recurrent net's gradient through time: the latest ‖∂L/∂h_t‖ per step, and time step × training step.
    private static func throughTime(_ session: Session) -> BodyNode {
        section("time", "Gradients through time", [
            figure("‖∂L/∂h_t‖ of recurrent layer 1 at each time step after the latest backward, log scale: a staircase down toward t = 1 is vanishing through time.") {
                SVGBarChart.render(try TimeViews(session).timeChart())
            },
            figure("Time step × recorded training step, log colour scale: vanishing fades toward t = 1 (the top), explosion flares.") {
                SVGHeatMap.render(try TimeViews(session).timeHeatMap())
            },
        ])
    }

    static func activations(_ session: Session) throws -> BodyNode {
        guard let network = session.network, network.spec.hidden.count > 0 else {
            throw SessionError(.noSuchLayer, "the network has no hidden layers to show")
        }
        let labels = (1...network.spec.hidden.count).map { "layer \($0) \(network.activation(layer: $0).name)" }
        return SVGHistograms.render(ChartModels(session).activationStrips(bins: 40, labels: labels, style: ChartStyle(unicode: true)))
    }

    /// Columns of the report's decision-boundary picture (square cells).
    static let boundaryColumns = 48

    /// The decision regions now and, after training, the snapshots of the latest `train` (2-D data only).
    private static func boundary(_ session: Session) -> BodyNode {
        var figures = [figure("The network's prediction over the input plane (paler where it is less sure); filled dots are training rows, hollow ones test rows.") {
            try boundaryMap(session)
        }]
        if let panels = try? BoundaryModels(session).boundaryPanels() {
            figures.append(figure("The regions before the latest train command, 25% and 50% into it, and at its end.") {
                SVGBoundary.render(panels)
            })
        }
        return section("boundary", "Decision boundary", figures)
    }

    /// The decision regions as the report draws them (square cells).
    static func boundaryMap(_ session: Session) throws -> BodyNode {
        SVGBoundary.render(try BoundaryModels(session).boundaryMap(columns: boundaryColumns, cellAspect: 1, maxRows: 2 * boundaryColumns))
    }

    /// The report page framed for showing inside another page (a notebook): its styles stay in the frame.
    static func framed(_ page: String) -> String {
        "<iframe title=\"grad report\" style=\"width: 100%; height: 900px; border: 0\" srcdoc=\"\(SVG.escaped(page))\"></iframe>"
    }

    private static func diagnosis(_ session: Session) -> BodyNode {
        guard let result = try? SessionDiagnosis(session).diagnose() else {
            return section("diagnose", "Diagnosis", [.p(.class("missing"), .text("there is no network to diagnose"))])
        }
        let items: [BodyNode] = result.findings.map { finding in
            .element(named: "div", nodes: [
                .attribute(named: "class", value: finding.kind == .healthy ? "finding healthy" : "finding"),
                .h3(.raw(SVG.escaped(finding.kind == .healthy ? finding.title : "\(finding.kind.rawValue): \(finding.title)"))),
                .ul(.group(finding.evidence.map { .li(.raw(SVG.escaped($0))) })),
                .group(finding.fixes.map { .p(.class("fix"), .text("fix: "), .code(.raw(SVG.escaped($0)))) }),
            ])
        }
        return section("diagnose", "Diagnosis", [.p(.raw(SVG.escaped(result.context)))] + items)
    }

    private static func comparison(_ session: Session) -> BodyNode {
        let (table, note) = CompareView(session).comparison(session.runs, reach: nil)
        var content = [self.table(header: table.header, rows: table.rows)]
        if let note { content.append(.p(.class("note"), .raw(SVG.escaped(note)))) }
        content.append(.element(named: "figure", nodes: [
            .attribute(named: "class", value: "chart"), SVGLineChart.render(CompareView(session).compareChart(session.runs)),
            .element(named: "figcaption", nodes: [.raw("Loss per recorded step of every kept run.")]),
        ]))
        return section("compare", "Kept runs compared", content)
    }

    private static func table(header: [String], rows: [[String]]) -> BodyNode {
        .table(
            .thead(.tr(.group(header.map { .th(.raw(SVG.escaped($0))) }))),
            .tbody(.group(rows.map { row in .tr(.group(row.map { .td(.raw(SVG.escaped($0))) })) }))
        )
    }

    private static let style = """
        body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; max-width: 760px; margin: 24px auto; padding: 0 12px; }
        h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; } h3 { font-size: 14px; margin: 8px 0 4px; }
        table { border-collapse: collapse; font-size: 12px; } th, td { padding: 2px 8px; border-bottom: 1px solid #eee; text-align: right; }
        th:first-child, td:first-child { text-align: left; } figure { margin: 8px 0; } svg { max-width: 100%; height: auto; }
        figcaption, .note, .missing { color: #666; font-size: 12px; } .finding { border-left: 4px solid #d62728; padding-left: 10px; margin: 10px 0; }
        .finding.healthy { border-color: #2ca02c; } code { background: #f4f4f4; padding: 1px 4px; }
        """
}

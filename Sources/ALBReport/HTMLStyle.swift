/// The inline stylesheet of the HTML report: light and dark colours (`prefers-color-scheme`), focus
/// outlines, a print stylesheet, and the series colours of the charts (`s0`…`s7`, `l0`…`l3`).
enum HTMLStyle {
    static let css = """
        :root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;
        --bad:#b42318;--warn:#9a6700;--good:#1a7f37;--accent:#0969da;
        --s0:#d1495b;--s1:#edae49;--s2:#00798c;--s3:#7b5ea7;--s4:#8d99ae;--s5:#3d5a80;--s6:#66a182;--s7:#e07a5f;
        --mk-change:#0969da;--mk-first:#b42318;--mk-last:#6e7781}
        @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#30363d;
        --panel:#161b22;--bad:#ff7b72;--warn:#d29922;--good:#3fb950;--accent:#58a6ff;
        --s0:#ff6b81;--s1:#f4c06a;--s2:#3fb8c9;--s3:#b392f0;--s4:#a5b0c2;--s5:#79a6dc;--s6:#8fd3a8;--s7:#f4a38a;
        --mk-change:#58a6ff;--mk-first:#ff7b72;--mk-last:#9da7b3}}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:1200px;padding:1rem 1.5rem 3rem;background:var(--bg);color:var(--fg);
        font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        h1{font-size:1.6rem;margin:.5rem 0}
        h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
        h3{font-size:1.05rem;margin:.2rem 0}h4{font-size:.95rem;margin:.8rem 0 .2rem}
        a{color:var(--accent)}
        a:focus-visible,[tabindex]:focus-visible,summary:focus-visible{
        outline:3px solid var(--accent);outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.3rem}
        .headline{font-size:1.1rem;font-weight:600}
        nav ol{display:flex;flex-wrap:wrap;gap:.2rem 1rem;padding:0;margin:.5rem 0;list-style:none;font-size:.9rem}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
        pre{background:var(--panel);border:1px solid var(--line);padding:.5rem;overflow-x:auto;white-space:pre-wrap;
        word-break:break-all;margin:.3rem 0}
        .verdict li{margin:.2rem 0}
        .conf.high{color:var(--bad);font-weight:600}.conf.medium{color:var(--warn)}.conf.low{color:var(--muted)}
        .count{font-weight:600}
        .cause{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;margin:.8rem 0;
        background:var(--panel)}
        .cause .meta{margin:.2rem 0}.src{display:inline-block;font-size:.75rem;border:1px solid var(--line);
        border-radius:4px;padding:0 .3rem;margin-right:.3rem;color:var(--muted)}
        .fix li{color:var(--good)}.alt{color:var(--warn)}
        .note{color:var(--muted);font-size:.9rem}
        dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.3rem 0}
        dl.kv dt{font-weight:600}dl.kv dd{margin:0;overflow-wrap:anywhere}
        .em-bad{color:var(--bad);font-weight:600}.em-warning{color:var(--warn)}.em-good{color:var(--good)}
        .em-strong{font-weight:700}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;margin:.4rem 0;font-size:.88rem}
        caption{text-align:left;color:var(--muted);padding:.2rem 0}
        th,td{border-bottom:1px solid var(--line);padding:.2rem .6rem;text-align:left;vertical-align:top;
        overflow-wrap:anywhere}
        th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}
        figure{margin:.6rem 0}figcaption{color:var(--muted);font-size:.9rem}
        svg.chart{width:100%;height:auto;display:block;max-width:1100px}
        svg text{fill:var(--muted);font-size:11px;font-family:system-ui,sans-serif}
        svg .grid{stroke:var(--line);stroke-width:1}svg .axis{stroke:var(--muted);stroke-width:1}
        .s0{fill:var(--s0)}.s1{fill:var(--s1)}.s2{fill:var(--s2)}.s3{fill:var(--s3)}.s4{fill:var(--s4)}
        .s5{fill:var(--s5)}.s6{fill:var(--s6)}.s7{fill:var(--s7)}
        .l0{stroke:var(--s0)}.l1{stroke:var(--s2)}.l2{stroke:var(--s1)}.l3{stroke:var(--s3)}
        polyline.line{fill:none;stroke-width:2}
        .spark{fill:var(--s0)}.spark-base{stroke:var(--line)}
        .hc-strip{display:block;margin-top:2px}.hc-pass{fill:var(--s6)}.hc-fail{fill:var(--s0)}.hc-mixed{fill:var(--s1)}
        .mk-change{stroke:var(--mk-change);fill:var(--mk-change)}.mk-first{stroke:var(--mk-first);fill:var(--mk-first)}
        .mk-last{stroke:var(--mk-last);fill:var(--mk-last)}line.mk{stroke-width:1.5;stroke-dasharray:4 3}
        g.bar:focus rect,g.bar:hover rect{opacity:.75}g.bar:focus{outline:none}
        g.bar:focus-visible rect{stroke:var(--fg);stroke-width:1}
        ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;padding:0;margin:.3rem 0;
        font-size:.85rem}
        .sw{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:-1px}
        .sw.s0{background:var(--s0)}.sw.s1{background:var(--s1)}.sw.s2{background:var(--s2)}
        .sw.s3{background:var(--s3)}
        .sw.s4{background:var(--s4)}.sw.s5{background:var(--s5)}.sw.s6{background:var(--s6)}
        .sw.s7{background:var(--s7)}
        .sw.l0{background:var(--s0)}.sw.l1{background:var(--s2)}.sw.l2{background:var(--s1)}
        .sw.l3{background:var(--s3)}
        .sw.mk-change{background:var(--mk-change)}.sw.mk-first{background:var(--mk-first)}
        .sw.mk-last{background:var(--mk-last)}
        details{margin:.3rem 0}summary{cursor:pointer;color:var(--accent)}
        footer{margin-top:3rem;color:var(--muted);font-size:.85rem}
        @media print{body{max-width:none;padding:0;font-size:11pt;background:#fff;color:#000}
        nav,.skip{display:none}a{color:inherit;text-decoration:none}
        .cause,figure,table,svg{break-inside:avoid}.cause{background:none}h2{break-after:avoid}
        pre{white-space:pre-wrap}}
        """
}

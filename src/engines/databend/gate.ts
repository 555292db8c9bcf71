/**
 * The Python of Databend's gate, before the host script (script.ts). First the text, read with a
 * lexer of Databend's quoting: one statement, no optimizer hints (`/*+ SET_VAR(...) *\/` changes
 * settings and shows in no EXPLAIN, tried), and standard interval arithmetic rewritten to
 * date_add (Databend 1.2.453 binds no INTERVAL: "Unsupported interval expression yet", tried).
 * Then Databend's own parser (EXPLAIN AST: nothing runs) must show one query that reads no stage
 * or URI, no table function but those that make rows from values, no table named with its
 * database (system.*, the result's), and no ai_* function (they call out to a service).
 */
export const databendGate = `
MAKERS = {'numbers', 'numbers_mt', 'numbers_local', 'generate_series', 'range', 'unnest', 'flatten',
          'json_each', 'json_array_elements', 'json_path_query'}
TOKENS = re.compile(r"""'(?:[^'\\\\]|\\\\.|'')*'|"(?:[^"\\\\]|\\\\.|"")*"|\`(?:[^\`]|\`\`)*\`|\\$\\$.*?\\$\\$"""
                    r"""|--[^\\n]*|/\\*.*?\\*/|\\s+|[A-Za-z_][A-Za-z0-9_]*|\\d+|.""", re.S)
UNITS = {'year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'}
AMOUNT = re.compile(r"'\\s*(-?\\d+)\\s*(?:(\\w+?)s?\\s*)?'|(\\d+)")

def is_blank(token):
    return token.isspace() or token.startswith('--') or token.startswith('/*')

def is_name(token):
    return bool(re.match(r'[A-Za-z_"\`]', token))

def one_statement(sql):
    """The statement's tokens without trailing semicolons; refuses hints and a second statement."""
    tokens, ended = [], False
    for token in (match.group() for match in TOKENS.finditer(sql)):
        if token.startswith('/*+'):
            raise Refused('databend refuses optimizer hints (/*+ ... */): metaq sets the settings')
        if token == ';':
            ended = True
        elif ended and not is_blank(token):
            raise Refused('databend runs one query, and this text holds more than one statement')
        elif not ended:
            tokens.append(token)
    return tokens

def before(tokens, i):
    """The index of the last token before i that is not blank, or -1."""
    i -= 1
    while i >= 0 and is_blank(tokens[i]):
        i -= 1
    return i

def after(tokens, i):
    i += 1
    while i < len(tokens) and is_blank(tokens[i]):
        i += 1
    return i

def operand_start(tokens, end):
    """Where the operand ending at \`end\` starts: a name (a.b), a DATE '...' literal or f(...)."""
    if tokens[end] == ')':
        depth, i = 0, end
        while i >= 0:
            depth += {')': 1, '(': -1}.get(tokens[i], 0)
            if depth == 0:
                break
            i -= 1
        name = before(tokens, i)
        return name if name >= 0 and is_name(tokens[name]) else i
    if tokens[end].startswith("'"):
        kind = before(tokens, end)
        return kind if kind >= 0 and tokens[kind].lower() in ('date', 'timestamp') else end
    start = end
    while is_name(tokens[start]) and before(tokens, start) >= 1 and tokens[before(tokens, start)] == '.':
        start = before(tokens, before(tokens, start))
    return start if is_name(tokens[start]) else None

def with_date_add(tokens):
    """x + INTERVAL '60' DAY (or 60 DAY, '60 days') as date_add(DAY, 60, x); x - ... with -60."""
    i = 0
    while i < len(tokens):
        amount = after(tokens, i)
        found = tokens[i].lower() == 'interval' and amount < len(tokens) and AMOUNT.fullmatch(tokens[amount])
        operator = before(tokens, i)
        if found and operator >= 1 and tokens[operator] in '+-':
            number, unit = found.group(1) or found.group(3), found.group(2)
            last = amount
            if unit is None and after(tokens, amount) < len(tokens):
                last = after(tokens, amount)
                unit = tokens[last]
            start = operand_start(tokens, before(tokens, operator))
            if unit and unit.lower().rstrip('s') in UNITS and start is not None:
                signed = -int(number) if tokens[operator] == '-' else int(number)
                operand = ''.join(tokens[start:before(tokens, operator) + 1])
                call = f"date_add({unit.lower().rstrip('s').upper()}, {signed}, {operand})"
                tokens[start:last + 1] = [call]
                i = start
        i += 1
    return ''.join(tokens)

def statement_text(sql):
    return with_date_add(one_statement(sql))

def gate(engine, sql):
    nodes = [re.sub(r'^[\\s│├└─]*', '', row['explain']) for row in engine.collect('EXPLAIN AST ' + sql + '\\n')]
    if not nodes or not nodes[0].startswith('Query '):
        raise Refused('databend runs one SELECT query, and this is another statement')
    for node in nodes:
        words = node.removeprefix('Lateral ').split()
        kind, name = words[0], (words[1] if len(words) > 1 else '')
        if kind == 'Stage':
            raise Refused(f"databend reads only the query's tables: it refuses the stage or location {name}")
        if kind == 'TableFunction' and name.lower() not in MAKERS:
            raise Refused(f"databend reads only the query's tables: it refuses the table function {name}")
        if kind == 'TableIdentifier' and '.' in name:
            raise Refused(f"databend reads only the query's tables: it refuses {name}")
        if kind == 'Function' and name.lower().startswith('ai_'):
            raise Refused(f'databend refuses the function {name}: it calls a service beyond the query')
`;
